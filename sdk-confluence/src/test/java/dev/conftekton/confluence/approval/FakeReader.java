package dev.conftekton.confluence.approval;

import dev.conftekton.confluence.approval.ApprovalEvidence.CommentVersion;
import dev.conftekton.confluence.approval.ApprovalEvidence.FooterComment;
import dev.conftekton.confluence.approval.ApprovalEvidence.PageVersion;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory page with counters, standing in for Confluence in gate and collector tests. */
class FakeReader implements EvidenceReader {
    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(java.time.Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    String spaceKey = "OPS";
    String status = "current";
    List<String> ancestors = List.of("100", "110");
    final List<PageVersion> versions = new ArrayList<>();
    final Map<Integer, String> contents = new HashMap<>();
    final Map<String, FooterComment> comments = new LinkedHashMap<>();
    final Map<String, Account> accounts = new HashMap<>();
    final Map<String, Set<String>> groups = new HashMap<>();
    Optional<State> state = Optional.empty();
    Optional<Property> record = Optional.empty();
    String me = Fixtures.PIPELINE;
    final AtomicInteger groupReads = new AtomicInteger();
    final AtomicInteger contentReads = new AtomicInteger();
    final AtomicInteger posts = new AtomicInteger();
    RuntimeException failNext;

    FakeReader() {
        account(Fixtures.AUTHOR, "Alex Author", Set.of("developers"));
        account(Fixtures.ANN, "Ann Approver", Set.of(Fixtures.MANAGERS));
        account(Fixtures.BOB, "Bob Reviewer", Set.of(Fixtures.MANAGERS));
        account(Fixtures.CAROL, "Carol Outsider", Set.of("developers"));
        accounts.put(Fixtures.DAVE, new Account(Fixtures.DAVE, "Dave Departed", false, false));
        groups.put(Fixtures.DAVE, Set.of(Fixtures.MANAGERS));
        accounts.put(Fixtures.PIPELINE, new Account(Fixtures.PIPELINE, "CI", true, false));
        groups.put(Fixtures.PIPELINE, Set.of(Fixtures.MANAGERS));
        edit(Fixtures.AUTHOR, Fixtures.t(0), "v1 body");
        edit(Fixtures.AUTHOR, Fixtures.t(10), "v2 body");
    }

    void account(String id, String name, Set<String> groupNames) {
        accounts.put(id, new Account(id, name, true, false));
        groups.put(id, groupNames);
    }

    int edit(String author, Instant at, String content) {
        int n = versions.size() + 1;
        versions.add(new PageVersion(n, author, at, false, null));
        contents.put(n, content);
        return n;
    }

    void comment(String id, String author, Instant at, String body) {
        FooterComment old = comments.get(id);
        List<CommentVersion> vs = old == null ? new ArrayList<>() : new ArrayList<>(old.versions());
        vs.add(new CommentVersion(vs.size() + 1, author, at, body));
        comments.put(id, new FooterComment(id, vs));
    }

    private void maybeFail() {
        if (failNext != null) {
            RuntimeException e = failNext;
            failNext = null;
            throw e;
        }
    }

    @Override
    public PageInfo page(String pageId) {
        maybeFail();
        return new PageInfo(pageId, status, "Release 1.4", spaceKey, ancestors, versions.size());
    }

    @Override
    public List<PageVersion> pageVersions(String pageId) {
        return List.copyOf(versions);
    }

    @Override
    public String versionContent(String pageId, int version) {
        contentReads.incrementAndGet();
        return contents.get(version);
    }

    @Override
    public List<FooterComment> footerComments(String pageId) {
        return List.copyOf(comments.values());
    }

    @Override
    public Optional<State> contentState(String pageId) {
        return state;
    }

    @Override
    public Optional<Property> property(String pageId, String key) {
        return key.equals(EvidenceCollector.DEFAULT_RELEASE_RECORD_KEY) ? record : Optional.empty();
    }

    @Override
    public Optional<Account> account(String accountId) {
        return Optional.ofNullable(accounts.get(accountId));
    }

    @Override
    public Set<String> groupNames(String accountId) {
        groupReads.incrementAndGet();
        return groups.getOrDefault(accountId, Set.of());
    }

    @Override
    public String currentAccountId() {
        return me;
    }

    @Override
    public String addFooterComment(String pageId, String storageBody) {
        posts.incrementAndGet();
        String id = "posted-" + posts.get();
        comment(id, me, Fixtures.t(500), storageBody);
        return id;
    }
}
