package dev.conftekton.confluence.approval;

import dev.conftekton.confluence.approval.ApprovalEvidence.FooterComment;
import dev.conftekton.confluence.approval.ApprovalEvidence.PageVersion;
import dev.conftekton.core.error.NotFoundException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the approval gate needs to read from Confluence, as one small interface: the gate's
 * {@link EvidenceCollector} turns these reads into an {@link ApprovalEvidence} snapshot. The
 * production implementation sits on {@code ConfluenceClient}; tests may use the emulator or a fake.
 *
 * <p>Every method reads the server's current truth; implementations must not cache (the collector
 * caches what may be cached per run). Failures are thrown as
 * {@link dev.conftekton.core.error.ConftektonException}s, so the gate fails closed.
 */
public interface EvidenceReader {

    /**
     * The page's place and state.
     *
     * @param id the page id
     * @param status {@code current}, {@code draft}, {@code archived}, {@code trashed}
     * @param title the current title
     * @param spaceKey the key of the page's space
     * @param ancestorIds ancestor page ids, root first
     * @param currentVersion the current version number
     */
    record PageInfo(
            String id, String status, String title, String spaceKey, List<String> ancestorIds, int currentVersion) {
        public PageInfo {
            ancestorIds = List.copyOf(ancestorIds);
        }
    }

    /**
     * A Confluence account as Confluence reports it.
     *
     * @param accountId the account id or user key
     * @param displayName the display name
     * @param active true only when Confluence confirms the account is active: false when deactivated or
     *     closed, and when its status cannot be read (fail closed)
     * @param app true for app/bot accounts
     */
    record Account(String accountId, String displayName, boolean active, boolean app) {}

    /**
     * The content state as Confluence reports it.
     *
     * @param name the state's name
     * @param lastUpdated when the state last changed (the publish event that set it)
     */
    record State(String name, Instant lastUpdated) {}

    /**
     * A content property with its version metadata.
     *
     * @param key the key
     * @param value the JSON value
     * @param version the property version number
     * @param authorId who wrote that version, null if unknown
     * @param updatedAt when, null if unknown
     */
    record Property(String key, String value, int version, String authorId, Instant updatedAt) {}

    /** The page's place, status and current version. */
    PageInfo page(String pageId);

    /** Every version of the page (author, time, minor flag; fingerprints left null). */
    List<PageVersion> pageVersions(String pageId);

    /** Title and storage body of one page version, for fingerprinting. */
    String versionContent(String pageId, int version);

    /** Every footer comment of the page, replies included, each with all of its versions. */
    List<FooterComment> footerComments(String pageId);

    /** The page's current content state, if one is set. */
    Optional<State> contentState(String pageId);

    /** A content property, if the page has it. */
    Optional<Property> property(String pageId, String key);

    /** An account, or empty when Confluence does not know it. */
    Optional<Account> account(String accountId);

    /**
     * Several accounts, each as {@link #account} reads it (empty when Confluence does not know it). The
     * default reads them one at a time; a reader whose server has a bulk call overrides it.
     */
    default Map<String, Optional<Account>> accounts(Collection<String> accountIds) {
        Map<String, Optional<Account>> out = new LinkedHashMap<>();
        for (String id : accountIds) {
            Optional<Account> account;
            try {
                account = account(id);
            } catch (NotFoundException e) {
                account = Optional.empty();
            }
            out.put(id, account);
        }
        return out;
    }

    /** Names of the Confluence groups the account belongs to. */
    Set<String> groupNames(String accountId);

    /** The account this reader acts as (the pipeline's own account). */
    String currentAccountId();

    /** Adds a footer comment (storage format) and returns its id. */
    String addFooterComment(String pageId, String storageBody);
}
