package dev.conftekton.confluence.approval;

import dev.conftekton.confluence.approval.ApprovalEvidence.CommentVersion;
import dev.conftekton.confluence.approval.ApprovalEvidence.ContentStateEvidence;
import dev.conftekton.confluence.approval.ApprovalEvidence.FooterComment;
import dev.conftekton.confluence.approval.ApprovalEvidence.PageVersion;
import dev.conftekton.confluence.approval.ApprovalEvidence.ReleaseRecord;
import dev.conftekton.confluence.approval.ApprovalEvidence.UserInfo;
import dev.conftekton.core.error.ConftektonException;
import dev.conftekton.core.error.NotFoundException;
import dev.conftekton.core.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads an {@link ApprovalEvidence} snapshot through an {@link EvidenceReader}. One collector per
 * gate run: accounts, group memberships and version fingerprints are cached for the run (versions
 * never change once published; memberships are read once so that a long wait does not hammer the
 * directory). Thread-safe.
 */
public final class EvidenceCollector {
    /** The content property {@code conftekton publish record} writes. */
    public static final String DEFAULT_RELEASE_RECORD_KEY = "conftekton-release";

    private static final int MAX_FINGERPRINT_LOOKBACK = 20;
    private static final JsonCodec JSON = JsonCodec.defaults();

    private final EvidenceReader reader;
    private final PolicyGroupResolver policyGroups;
    private final List<ApprovalSource> sources;
    private final String releaseRecordKey;
    private final Clock clock;
    private final Map<String, Optional<UserInfo>> users = new ConcurrentHashMap<>();
    private final Map<Integer, String> fingerprints = new ConcurrentHashMap<>();
    private volatile String pipelineAccount;

    /**
     * @param reader reads Confluence
     * @param policyGroups resolves identity-policy groups
     * @param sources approval apps to ask as well
     * @param releaseRecordKey the content property holding the release record
     * @param clock stamps {@link ApprovalEvidence#collectedAt()}
     */
    public EvidenceCollector(
            EvidenceReader reader,
            PolicyGroupResolver policyGroups,
            List<ApprovalSource> sources,
            String releaseRecordKey,
            Clock clock) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.policyGroups = Objects.requireNonNull(policyGroups, "policyGroups");
        this.sources = List.copyOf(sources);
        this.releaseRecordKey = Objects.requireNonNull(releaseRecordKey, "releaseRecordKey");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Reads the page's evidence now. */
    public ApprovalEvidence collect(String pageId) {
        Objects.requireNonNull(pageId, "pageId");
        EvidenceReader.PageInfo page = reader.page(pageId);
        List<PageVersion> listed = new ArrayList<>(reader.pageVersions(pageId));
        listed.sort(java.util.Comparator.comparingInt(PageVersion::number));
        Optional<EvidenceReader.State> state = reader.contentState(pageId);
        // The version a content state published is fingerprinted with its predecessor even when the content
        // changed after it, so that setting a state never makes its setter an author (four-eyes).
        PageVersion stateVersion = state.map(s -> versionAt(listed, s)).orElse(null);
        List<PageVersion> versions = withFingerprints(pageId, listed, page.currentVersion(), stateVersion);
        List<FooterComment> comments = reader.footerComments(pageId);
        ApprovalEvidence.Builder b = ApprovalEvidence.builder()
                .pageId(page.id())
                .title(page.title())
                .status(page.status())
                .spaceKey(page.spaceKey())
                .ancestorIds(page.ancestorIds())
                .versions(versions)
                .comments(comments);
        if (pipelineAccount == null) {
            pipelineAccount = reader.currentAccountId();
        }
        b.pipelineAccountId(pipelineAccount);

        Set<String> accounts = new LinkedHashSet<>();
        versions.forEach(v -> accounts.add(v.authorId()));
        for (FooterComment c : comments) {
            for (CommentVersion v : c.versions()) {
                accounts.add(v.authorId());
            }
        }
        state.ifPresent(s -> {
            PageVersion at = versionAt(versions, s);
            if (at != null) {
                b.contentState(new ContentStateEvidence(s.name(), at.number(), at.authorId(), s.lastUpdated()));
                accounts.add(at.authorId());
            }
        });
        reader.property(pageId, releaseRecordKey).ifPresent(p -> {
            b.releaseRecord(new ReleaseRecord(
                    digestOf(p.value()),
                    p.version(),
                    p.authorId(),
                    p.updatedAt() == null ? clock.instant() : p.updatedAt()));
            accounts.add(p.authorId());
        });
        for (ApprovalSource source : sources) {
            for (ApprovalSignal s : source.signals(pageId, page.currentVersion())) {
                b.addSignal(s);
                accounts.add(s.accountId());
            }
        }
        accounts.remove(null);
        List<String> unread =
                accounts.stream().filter(a -> !users.containsKey(a)).toList();
        if (!unread.isEmpty()) {
            // one bulk read where the server has one (Cloud's users-bulk), not a status request per account
            reader.accounts(unread).forEach((id, account) -> users.computeIfAbsent(id, k -> userInfo(k, account)));
        }
        for (String a : accounts) {
            user(a).ifPresent(b::addUser);
        }
        return b.collectedAt(clock.instant()).build();
    }

    /** The account the reader acts as, read once per run. */
    public String pipelineAccountId() {
        if (pipelineAccount == null) {
            pipelineAccount = reader.currentAccountId();
        }
        return pipelineAccount;
    }

    /**
     * The version that setting the state published: the newest one not newer than the state's
     * change ({@code versions} sorted by number). If the clocks disagree, this errs towards an older version, which the engine treats as
     * stale (fail closed).
     */
    private static PageVersion versionAt(List<PageVersion> versions, EvidenceReader.State s) {
        PageVersion found = null;
        for (PageVersion v : versions) {
            if (s.lastUpdated() == null || !v.createdAt().isAfter(s.lastUpdated())) {
                found = v;
            }
        }
        return found;
    }

    private Optional<UserInfo> user(String accountId) {
        return users.computeIfAbsent(accountId, id -> {
            Optional<EvidenceReader.Account> account;
            try {
                account = reader.account(id);
            } catch (NotFoundException e) {
                account = Optional.empty();
            }
            return userInfo(id, account);
        });
    }

    private Optional<UserInfo> userInfo(String id, Optional<EvidenceReader.Account> account) {
        if (account == null || account.isEmpty()) {
            return Optional.empty(); // unknown: never counts
        }
        EvidenceReader.Account a = account.get();
        Set<String> groups = a.active() ? reader.groupNames(id) : Set.of();
        return Optional.of(
                new UserInfo(a.accountId(), a.displayName(), a.active(), a.app(), groups, policyGroups.groupsOf(id)));
    }

    /**
     * Adds content fingerprints to the newest versions, walking back from the current one while the
     * content stays the same (usually two reads; capped). Older versions keep a null fingerprint and
     * so count as content changes.
     */
    private List<PageVersion> withFingerprints(
            String pageId, List<PageVersion> versions, int current, PageVersion stateVersion) {
        List<PageVersion> out = new ArrayList<>(versions);
        out.sort(java.util.Comparator.comparingInt(PageVersion::number));
        int stop = Math.max(1, current - MAX_FINGERPRINT_LOOKBACK);
        String previous = null;
        for (int i = out.size() - 1; i >= 0; i--) {
            PageVersion v = out.get(i);
            if (v.number() > current || v.number() < stop) {
                continue;
            }
            out.set(i, fingerprinted(pageId, v));
            String fp = out.get(i).contentFingerprint();
            if (previous != null && !previous.equals(fp)) {
                break; // found the version where the current content began
            }
            previous = fp;
        }
        if (stateVersion != null && stateVersion.number() > 1 && stateVersion.number() >= stop) {
            for (int i = 1; i < out.size(); i++) {
                if (out.get(i).number() == stateVersion.number()) {
                    out.set(i - 1, fingerprinted(pageId, out.get(i - 1)));
                    out.set(i, fingerprinted(pageId, out.get(i)));
                }
            }
        }
        return out;
    }

    private PageVersion fingerprinted(String pageId, PageVersion v) {
        String fp = fingerprints.computeIfAbsent(v.number(), n -> sha256(reader.versionContent(pageId, n)));
        return new PageVersion(v.number(), v.authorId(), v.createdAt(), v.minorEdit(), fp);
    }

    /** The record's JSON shape: {@code {"digest":"sha256:..."}}; other fields are ignored. */
    record ReleaseRecordJson(String digest) {}

    static String digestOf(String json) {
        if (json == null) {
            return null;
        }
        try {
            ReleaseRecordJson r = JSON.fromJson(json, ReleaseRecordJson.class);
            if (r == null || r.digest() == null) {
                return null;
            }
            String d = r.digest().strip().toLowerCase(java.util.Locale.ROOT);
            return ApprovalEvidence.DIGEST.matcher(d).matches() ? d : null;
        } catch (ConftektonException | ClassCastException e) {
            return null; // not a release record: the engine reports it as unreadable
        }
    }

    private static String sha256(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
