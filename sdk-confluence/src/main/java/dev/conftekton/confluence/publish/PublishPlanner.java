package dev.conftekton.confluence.publish;

import dev.conftekton.confluence.publish.PlannedAction.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Compares the source tree with the pages under the root and decides, page by page, what to do.
 * Pure logic: it reads nothing and writes nothing.
 *
 * <p>A page belongs to a source file through the {@code sourcePath} in its {@link PublishState}.
 * A page whose recorded source is gone but whose title matches a new file is taken over (the file
 * was moved). A page whose current version differs from the recorded one was edited by someone
 * else, unless the current version's message carries this tool's marker with a body hash: then an
 * earlier run wrote the body but not the property (it was stopped in between), and the property is
 * repaired instead of the page being flagged.
 *
 * <pre>{@code
 * Plan plan = PublishPlanner.plan(tree.pages(), rootId, remotePages, titles -> Map.of(), options);
 * System.out.print(plan.describe());
 * }</pre>
 */
public final class PublishPlanner {
    /** Finds pages in the space by exact title (to detect titles used outside the tree). */
    @FunctionalInterface
    public interface TitleLookup {
        /** Pages in the space with one of {@code titles}, keyed by title; each value describes the page. */
        Map<String, ExistingPage> find(Set<String> titles);
    }

    /**
     * A page found by title.
     *
     * @param id page id
     * @param title title
     * @param location where it is, in words (for example {@code under 'Team home'})
     */
    public record ExistingPage(String id, String title, String location) {}

    private PublishPlanner() {}

    /** Version-message prefix that marks a version written by this tool. */
    static final String MARKER = "conftekton publish ";

    static String versionMessage(String renderedHash) {
        return MARKER + renderedHash;
    }

    /** The rendered hash from a version message this tool wrote. */
    static Optional<String> markerHash(String message) {
        if (message != null && message.startsWith(MARKER + "sha256:")) {
            return Optional.of(message.substring(MARKER.length()).trim());
        }
        return Optional.empty();
    }

    /**
     * Plans a publish.
     *
     * @param sources the source pages, parents before children
     * @param rootId the page the tree hangs under
     * @param remotes every page under the root (any depth), with state where recorded
     * @param titles looks up titles in the space for pages that get a new title
     * @param conflicts what to do with pages people edited
     * @param orphans what to do with pages whose source is gone
     */
    public static Plan plan(
            List<SourcePage> sources,
            String rootId,
            List<RemotePage> remotes,
            TitleLookup titles,
            ConflictPolicy conflicts,
            OrphanPolicy orphans) {
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(rootId, "rootId");
        Objects.requireNonNull(remotes, "remotes");
        Objects.requireNonNull(titles, "titles");
        Objects.requireNonNull(conflicts, "conflicts");
        Objects.requireNonNull(orphans, "orphans");

        Set<String> sourceKeys = new HashSet<>();
        sources.forEach(s -> sourceKeys.add(s.key()));
        // Pages with a recorded state, by key; the lowest id wins when a page was copied with its property.
        Map<String, RemotePage> byKey = new HashMap<>();
        List<RemotePage> sorted = new ArrayList<>(remotes);
        sorted.sort(Comparator.comparing(RemotePage::id, Comparator.comparingLong(PublishPlanner::numeric)));
        for (RemotePage r : sorted) {
            r.state().ifPresent(s -> byKey.putIfAbsent(s.sourcePath(), r));
        }
        Map<String, RemotePage> byTitle = new HashMap<>();
        for (RemotePage r : sorted) {
            byTitle.putIfAbsent(r.title().toLowerCase(Locale.ROOT), r);
        }

        Set<String> matchedIds = new HashSet<>();
        Map<String, RemotePage> match = new HashMap<>();
        for (SourcePage s : sources) {
            RemotePage r = byKey.get(s.key());
            if (r != null) {
                match.put(s.key(), r);
                matchedIds.add(r.id());
            }
        }
        // Take over moved files and pages whose first write was not recorded.
        for (SourcePage s : sources) {
            if (match.containsKey(s.key())) {
                continue;
            }
            RemotePage r = byTitle.get(s.title().toLowerCase(Locale.ROOT));
            if (r == null || matchedIds.contains(r.id())) {
                continue;
            }
            boolean movedFile = r.state().isPresent()
                    && !sourceKeys.contains(r.state().get().sourcePath());
            // A first write whose property was never recorded: the marker, or (when the API drops
            // version messages on create) a first version with the expected title.
            boolean unrecordedWrite =
                    r.state().isEmpty() && (markerHash(r.versionMessage()).isPresent() || r.version() == 1);
            if (movedFile || unrecordedWrite) {
                match.put(s.key(), r);
                matchedIds.add(r.id());
            }
        }

        // Titles that must be free in the space: new pages and renamed ones.
        Set<String> newTitles = new LinkedHashSet<>();
        for (SourcePage s : sources) {
            RemotePage r = match.get(s.key());
            if (r == null || !r.title().equals(s.title())) {
                newTitles.add(s.title());
            }
        }
        Map<String, ExistingPage> taken = newTitles.isEmpty() ? Map.of() : titles.find(newTitles);
        Map<String, ExistingPage> takenLower = new HashMap<>();
        taken.forEach((t, p) -> takenLower.put(t.toLowerCase(Locale.ROOT), p));

        Map<String, String> parentIds = new HashMap<>(); // source key -> page id (known ones)
        match.forEach((k, r) -> parentIds.put(k, r.id()));

        List<PlannedAction> actions = new ArrayList<>();
        for (SourcePage s : sources) {
            RemotePage r = match.get(s.key());
            ExistingPage clash = takenLower.get(s.title().toLowerCase(Locale.ROOT));
            if (clash != null && (r == null || !clash.id().equals(r.id())) && !matchedIds.contains(clash.id())) {
                actions.add(new PlannedAction(
                        Kind.CONFLICT,
                        s.key(),
                        s.title(),
                        "the title '" + s.title() + "' is already used by page " + clash.id() + " " + clash.location()
                                + "; give " + s.key()
                                + " another title (front matter 'title:') or publish with a title prefix",
                        Optional.of(s),
                        Optional.ofNullable(r),
                        false,
                        false,
                        List.of(),
                        List.of(),
                        List.of()));
                continue;
            }
            if (r == null) {
                actions.add(new PlannedAction(
                        Kind.CREATE,
                        s.key(),
                        s.title(),
                        "new page",
                        Optional.of(s),
                        Optional.empty(),
                        true,
                        true,
                        s.attachments(),
                        s.labels(),
                        List.of()));
                continue;
            }
            actions.add(planExisting(s, r, rootId, parentIds, conflicts));
        }

        for (RemotePage r : sorted) {
            if (r.state().isEmpty() || matchedIds.contains(r.id())) {
                continue;
            }
            String key = r.state().get().sourcePath();
            String reason = sourceKeys.contains(key)
                    ? "a second page records the same source " + key + " (copied page?)"
                    : "source " + key + " no longer exists";
            String what =
                    switch (orphans) {
                        case REPORT -> "; left in place (orphan policy report)";
                        case KEEP -> "; kept";
                        case ARCHIVE -> "; will be archived";
                        case DELETE -> "; will be moved to the trash";
                    };
            actions.add(new PlannedAction(
                    Kind.ORPHAN,
                    key,
                    r.title(),
                    reason + what,
                    Optional.empty(),
                    Optional.of(r),
                    false,
                    false,
                    List.of(),
                    List.of(),
                    List.of()));
        }
        return new Plan(rootId, actions, orphans);
    }

    private static PlannedAction planExisting(
            SourcePage s, RemotePage r, String rootId, Map<String, String> parentIds, ConflictPolicy conflicts) {
        Optional<PublishState> state = r.state();
        boolean recordedVersion = state.isPresent() && state.get().pageVersion() == r.version();
        Optional<String> marker = markerHash(r.versionMessage());
        boolean takenOver = state.isEmpty() && marker.isEmpty();
        boolean ours = recordedVersion || marker.isPresent() || takenOver;
        List<String> reasons = new ArrayList<>();
        if (takenOver) {
            reasons.add("takes over a page without a publish record (an interrupted first publish)");
        }
        if (!ours) {
            String edit = "edited by " + r.lastEditor() + " at " + r.lastEdited() + " (version " + r.version()
                    + ", last published version "
                    + state.map(x -> Integer.toString(x.pageVersion())).orElse("none") + ")";
            if (conflicts == ConflictPolicy.FAIL) {
                return new PlannedAction(
                        Kind.CONFLICT,
                        s.key(),
                        s.title(),
                        edit + "; copy the change into " + s.key()
                                + ", or publish with --on-conflict=skip or overwrite",
                        Optional.of(s),
                        Optional.of(r),
                        false,
                        false,
                        List.of(),
                        List.of(),
                        List.of());
            }
            if (conflicts == ConflictPolicy.SKIP) {
                return new PlannedAction(
                        Kind.SKIP,
                        s.key(),
                        s.title(),
                        edit + "; skipped",
                        Optional.of(s),
                        Optional.of(r),
                        false,
                        false,
                        List.of(),
                        List.of(),
                        List.of());
            }
            reasons.add("overwrites the edit: " + edit);
        }
        // The body hash currently on the page, as far as this tool knows.
        String currentHash = recordedVersion ? state.get().renderedHash() : marker.orElse("");
        boolean writeBody = !ours || !currentHash.equals(s.renderedHash());
        if (ours && !currentHash.equals(s.renderedHash())) {
            reasons.add("content changed");
        }
        if (!r.title().equals(s.title())) {
            writeBody = true;
            reasons.add("renamed from '" + r.title() + "'");
        }
        String parentId = s.parentKey().map(parentIds::get).orElse(rootId);
        if (parentId == null || r.parentId().isEmpty() || !r.parentId().get().equals(parentId)) {
            writeBody = true;
            reasons.add("moved");
        }
        Map<String, String> uploaded = state.map(PublishState::attachments).orElse(Map.of());
        List<SourceAttachment> uploads = new ArrayList<>();
        for (SourceAttachment a : s.attachments()) {
            if (!a.sha256().equals(uploaded.get(a.fileName()))) {
                uploads.add(a);
            }
        }
        if (!uploads.isEmpty()) {
            reasons.add(uploads.size() + " attachment(s) new or changed");
        }
        Set<String> remoteLabels = new HashSet<>(r.labels());
        List<String> add =
                s.labels().stream().filter(l -> !remoteLabels.contains(l)).toList();
        List<String> remove = state.map(PublishState::labels).orElse(List.of()).stream()
                .filter(l -> !s.labels().contains(l) && remoteLabels.contains(l))
                .toList();
        if (!add.isEmpty() || !remove.isEmpty()) {
            reasons.add("labels changed");
        }
        boolean stateCurrent = recordedVersion
                && state.get().sourcePath().equals(s.key())
                && state.get().renderedHash().equals(s.renderedHash())
                && state.get().sourceHash().equals(s.sourceHash())
                && state.get().labels().equals(s.labels())
                && state.get().title().equals(s.title());
        boolean writeState = writeBody || !uploads.isEmpty() || !add.isEmpty() || !remove.isEmpty() || !stateCurrent;
        if (writeState && reasons.isEmpty()) {
            reasons.add(
                    recordedVersion ? "publish record refreshed" : "repairs the publish record of an interrupted run");
        }
        if (!writeState) {
            return new PlannedAction(
                    Kind.UNCHANGED,
                    s.key(),
                    s.title(),
                    "unchanged",
                    Optional.of(s),
                    Optional.of(r),
                    false,
                    false,
                    List.of(),
                    List.of(),
                    List.of());
        }
        return new PlannedAction(
                Kind.UPDATE,
                s.key(),
                s.title(),
                String.join("; ", reasons),
                Optional.of(s),
                Optional.of(r),
                writeBody,
                true,
                uploads,
                add,
                remove);
    }

    private static long numeric(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
