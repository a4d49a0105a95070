package dev.conftekton.confluence.approval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything the approval gate looks at, as read from Confluence at one moment: a pure value, so
 * the decision is a function of it and can be tested, logged and replayed without a server.
 *
 * <p>Collected by {@link EvidenceCollector} from a live site, or built by hand in tests:
 *
 * <pre>{@code
 * ApprovalEvidence evidence = ApprovalEvidence.builder()
 *         .pageId("123").spaceKey("OPS").status("current").ancestorIds(List.of("100"))
 *         .addVersion(new PageVersion(1, "acc-author", t0, false, null))
 *         .addComment(FooterComment.of("c1", new CommentVersion(1, "acc-approver", t1, "<p>/approve</p>")))
 *         .addUser(UserInfo.active("acc-approver", "Ann Approver", Set.of("release-managers")))
 *         .collectedAt(now)
 *         .build();
 * }</pre>
 *
 * @param pageId the page the gate checks
 * @param spaceKey the key of the space the page sits in, as reported by Confluence
 * @param status the page status ({@code current}, {@code draft}, {@code trashed}, {@code archived})
 * @param ancestorIds ids of the page's ancestors, root first
 * @param title the current title (for the summary only)
 * @param versions page versions, at least every version after the four-eyes baseline up to the
 *     current one; sorted by number on construction
 * @param comments footer comments (replies included) with every version of each
 * @param contentState the content state of the current page, if any
 * @param releaseRecord the release record content property, if any
 * @param users every account that appears in the evidence, resolved; an account missing here is
 *     treated as unknown and never counts
 * @param pipelineAccountId the account the pipeline itself acts as (never counts as an approver),
 *     or {@code null} if not known
 * @param signals approvals and rejections reported by approval apps ({@link ApprovalSource})
 * @param collectedAt when the evidence was read
 */
public record ApprovalEvidence(
        String pageId,
        String spaceKey,
        String status,
        List<String> ancestorIds,
        String title,
        List<PageVersion> versions,
        List<FooterComment> comments,
        Optional<ContentStateEvidence> contentState,
        Optional<ReleaseRecord> releaseRecord,
        Map<String, UserInfo> users,
        String pipelineAccountId,
        List<ApprovalSignal> signals,
        Instant collectedAt) {

    static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public ApprovalEvidence {
        Objects.requireNonNull(pageId, "pageId");
        status = status == null ? "current" : status;
        ancestorIds = List.copyOf(ancestorIds == null ? List.of() : ancestorIds);
        title = title == null ? "" : title;
        List<PageVersion> sorted = new ArrayList<>(Objects.requireNonNull(versions, "versions"));
        sorted.sort(Comparator.comparingInt(PageVersion::number));
        versions = List.copyOf(sorted);
        comments = List.copyOf(comments == null ? List.of() : comments);
        contentState = contentState == null ? Optional.empty() : contentState;
        releaseRecord = releaseRecord == null ? Optional.empty() : releaseRecord;
        users = Map.copyOf(users == null ? Map.of() : users);
        signals = List.copyOf(signals == null ? List.of() : signals);
        Objects.requireNonNull(collectedAt, "collectedAt");
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("evidence for page " + pageId + " has no page versions");
        }
    }

    /** The current (highest-numbered) page version. */
    public PageVersion currentVersion() {
        return versions.get(versions.size() - 1);
    }

    /** The version with this number, if the evidence holds it. */
    public Optional<PageVersion> version(int number) {
        return versions.stream().filter(v -> v.number() == number).findFirst();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * One page version.
     *
     * @param number the version number (1 for the first)
     * @param authorId account id of whoever published this version
     * @param createdAt when it was published (Confluence's clock)
     * @param minorEdit whether it was published as a minor edit (still an edit to the gate)
     * @param contentFingerprint a hash over title and storage body, or {@code null} if not read; two
     *     consecutive versions with equal non-null fingerprints are one content (for example a
     *     content-state change, which publishes a version without changing the body)
     */
    public record PageVersion(
            int number, String authorId, Instant createdAt, boolean minorEdit, String contentFingerprint) {
        public PageVersion {
            if (number < 1) {
                throw new IllegalArgumentException("page version number must be >= 1, got " + number);
            }
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }

    /**
     * A footer comment (or reply) with its full version history.
     *
     * @param id the comment id
     * @param versions every version of the comment; sorted by number on construction
     */
    public record FooterComment(String id, List<CommentVersion> versions) {
        public FooterComment {
            Objects.requireNonNull(id, "id");
            List<CommentVersion> sorted = new ArrayList<>(Objects.requireNonNull(versions, "versions"));
            sorted.sort(Comparator.comparingInt(CommentVersion::number));
            versions = List.copyOf(sorted);
        }

        public static FooterComment of(String id, CommentVersion... versions) {
            return new FooterComment(id, List.of(versions));
        }
    }

    /**
     * One version of a comment.
     *
     * @param number the comment version number
     * @param authorId who published this version (not necessarily who created the comment)
     * @param createdAt when this version was published
     * @param storageBody the body in Confluence storage format (XHTML)
     */
    public record CommentVersion(int number, String authorId, Instant createdAt, String storageBody) {
        public CommentVersion {
            Objects.requireNonNull(createdAt, "createdAt");
            storageBody = storageBody == null ? "" : storageBody;
        }
    }

    /**
     * The page's content state.
     *
     * @param name the state's name, for example {@code Approved}
     * @param pageVersion the page version that setting the state published
     * @param setById who set it (the author of that version)
     * @param setAt when it was set
     */
    public record ContentStateEvidence(String name, int pageVersion, String setById, Instant setAt) {
        public ContentStateEvidence {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(setAt, "setAt");
        }
    }

    /**
     * The release record content property written by {@code conftekton publish record}.
     *
     * @param digest the artifact digest it names ({@code sha256:<64 hex>}), or {@code null} if the
     *     property exists but could not be read as a release record
     * @param propertyVersion the property's version number
     * @param authorId who wrote the current property version, or {@code null} if unknown
     * @param updatedAt when the current property version was written
     */
    public record ReleaseRecord(String digest, int propertyVersion, String authorId, Instant updatedAt) {
        public ReleaseRecord {
            Objects.requireNonNull(updatedAt, "updatedAt");
        }
    }

    /**
     * A resolved Confluence account.
     *
     * @param accountId the account id (Cloud) or user key (Data Center)
     * @param displayName the name to show in summaries
     * @param active {@code false} for deactivated accounts, which never count
     * @param app {@code true} for app/bot accounts, which count only if the policy allows them
     * @param confluenceGroups names of the Confluence groups the account belongs to
     * @param policyGroups identity-policy groups the account maps to
     */
    public record UserInfo(
            String accountId,
            String displayName,
            boolean active,
            boolean app,
            Set<String> confluenceGroups,
            Set<String> policyGroups) {
        public UserInfo {
            Objects.requireNonNull(accountId, "accountId");
            displayName = displayName == null || displayName.isBlank() ? accountId : displayName;
            confluenceGroups = Set.copyOf(confluenceGroups == null ? Set.of() : confluenceGroups);
            policyGroups = Set.copyOf(policyGroups == null ? Set.of() : policyGroups);
        }

        /** An active human account in these Confluence groups. */
        public static UserInfo active(String accountId, String displayName, Set<String> confluenceGroups) {
            return new UserInfo(accountId, displayName, true, false, confluenceGroups, Set.of());
        }

        /** A copy with these identity-policy groups. */
        public UserInfo withPolicyGroups(Set<String> groups) {
            return new UserInfo(accountId, displayName, active, app, confluenceGroups, groups);
        }
    }

    /** Builds an {@link ApprovalEvidence}. */
    public static final class Builder {
        private String pageId;
        private String spaceKey;
        private String status = "current";
        private List<String> ancestorIds = List.of();
        private String title = "";
        private final List<PageVersion> versions = new ArrayList<>();
        private final List<FooterComment> comments = new ArrayList<>();
        private ContentStateEvidence contentState;
        private ReleaseRecord releaseRecord;
        private final Map<String, UserInfo> users = new LinkedHashMap<>();
        private String pipelineAccountId;
        private final List<ApprovalSignal> signals = new ArrayList<>();
        private Instant collectedAt;

        private Builder() {}

        public Builder pageId(String pageId) {
            this.pageId = Objects.requireNonNull(pageId, "pageId");
            return this;
        }

        public Builder spaceKey(String spaceKey) {
            this.spaceKey = spaceKey;
            return this;
        }

        public Builder status(String status) {
            this.status = Objects.requireNonNull(status, "status");
            return this;
        }

        public Builder ancestorIds(List<String> ancestorIds) {
            this.ancestorIds = List.copyOf(Objects.requireNonNull(ancestorIds, "ancestorIds"));
            return this;
        }

        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        public Builder addVersion(PageVersion version) {
            versions.add(Objects.requireNonNull(version, "version"));
            return this;
        }

        public Builder versions(List<PageVersion> all) {
            versions.clear();
            versions.addAll(all);
            return this;
        }

        public Builder addComment(FooterComment comment) {
            comments.add(Objects.requireNonNull(comment, "comment"));
            return this;
        }

        public Builder comments(List<FooterComment> all) {
            comments.clear();
            comments.addAll(all);
            return this;
        }

        public Builder contentState(ContentStateEvidence state) {
            this.contentState = state;
            return this;
        }

        public Builder releaseRecord(ReleaseRecord record) {
            this.releaseRecord = record;
            return this;
        }

        public Builder addUser(UserInfo user) {
            users.put(user.accountId(), user);
            return this;
        }

        public Builder pipelineAccountId(String accountId) {
            this.pipelineAccountId = accountId;
            return this;
        }

        public Builder addSignal(ApprovalSignal signal) {
            signals.add(Objects.requireNonNull(signal, "signal"));
            return this;
        }

        public Builder collectedAt(Instant at) {
            this.collectedAt = Objects.requireNonNull(at, "collectedAt");
            return this;
        }

        public ApprovalEvidence build() {
            return new ApprovalEvidence(
                    pageId,
                    spaceKey,
                    status,
                    ancestorIds,
                    title,
                    versions,
                    comments,
                    Optional.ofNullable(contentState),
                    Optional.ofNullable(releaseRecord),
                    users,
                    pipelineAccountId,
                    signals,
                    collectedAt);
        }
    }
}
