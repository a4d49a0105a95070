package dev.conftekton.tekton.interceptor;

import dev.conftekton.tekton.interceptor.internal.BudgetedText;
import dev.conftekton.tekton.interceptor.internal.JsonTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which verified events a trigger wants, from the Trigger's interceptor params. Each param is a
 * list (or a comma-separated string); an absent or empty param lets everything through.
 *
 * <ul>
 *   <li>{@code eventTypes}: event types, for example {@code ["page_created", "page_updated"]}
 *   <li>{@code spaceKeys}: space keys (exact, case-sensitive)
 *   <li>{@code labels}: at least one of these labels must be on the page (only labels the payload
 *       carries can be seen)
 *   <li>{@code titlePattern}: a Java regular expression the whole title must match (at most 256
 *       characters; matching is bounded, so a pathological pattern fails instead of hanging)
 *   <li>{@code pipeline}: the pipeline the trigger starts (used for bearer-token policy checks)
 * </ul>
 *
 * @param eventTypes allowed event types, empty for all
 * @param spaceKeys allowed space keys, empty for all
 * @param labels labels of which one must be present, empty for no label condition
 * @param titlePattern the pattern, if any
 * @param pipeline the {@code pipeline} param, empty when not given
 */
public record EventFilters(
        Set<String> eventTypes,
        Set<String> spaceKeys,
        Set<String> labels,
        Optional<Pattern> titlePattern,
        String pipeline) {
    static final int MAX_PATTERN = 256;
    static final int MAX_ITEMS = 200;
    static final Set<String> PARAMS = Set.of("eventTypes", "spaceKeys", "labels", "titlePattern", "pipeline");

    public EventFilters {
        eventTypes = Set.copyOf(eventTypes);
        spaceKeys = Set.copyOf(spaceKeys);
        labels = Set.copyOf(labels);
        titlePattern = titlePattern == null ? Optional.empty() : titlePattern;
        pipeline = pipeline == null ? "" : pipeline;
    }

    /**
     * Reads the interceptor params.
     *
     * @throws IllegalArgumentException for an unknown param, a value of the wrong shape, an unknown
     *     event type or an invalid or too long pattern
     */
    public static EventFilters fromParams(Map<String, Object> params) {
        for (String name : params.keySet()) {
            if (!PARAMS.contains(name)) {
                throw new IllegalArgumentException("unknown interceptor param '" + ConfluenceEvent.shorten(name)
                        + "'; known params: eventTypes, spaceKeys, labels, titlePattern, pipeline");
            }
        }
        List<String> types = list(params, "eventTypes");
        for (String t : types) {
            if (!ConfluenceEvent.KNOWN_TYPES.contains(t)) {
                throw new IllegalArgumentException(
                        "eventTypes names an unknown Confluence event '" + ConfluenceEvent.shorten(t) + "'");
            }
        }
        Optional<Pattern> pattern = Optional.empty();
        Object p = params.get("titlePattern");
        if (p != null) {
            if (!(p instanceof String s)) {
                throw new IllegalArgumentException("titlePattern must be a string");
            }
            if (s.length() > MAX_PATTERN) {
                throw new IllegalArgumentException("titlePattern is longer than " + MAX_PATTERN + " characters");
            }
            if (!s.isEmpty()) {
                try {
                    pattern = Optional.of(Pattern.compile(s));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(
                            "titlePattern is not a valid regular expression: " + e.getDescription());
                }
            }
        }
        Object pipeline = params.getOrDefault("pipeline", "");
        if (!(pipeline instanceof String)) {
            throw new IllegalArgumentException("pipeline must be a string");
        }
        return new EventFilters(
                Set.copyOf(types),
                Set.copyOf(list(params, "spaceKeys")),
                Set.copyOf(list(params, "labels")),
                pattern,
                (String) pipeline);
    }

    /** Why {@code event} is filtered out, or empty when it passes. */
    public Optional<String> rejection(ConfluenceEvent event) {
        if (!eventTypes.isEmpty() && !eventTypes.contains(event.type())) {
            return Optional.of("event " + event.type() + " is not among the trigger's eventTypes");
        }
        if (!spaceKeys.isEmpty()) {
            if (event.spaceKey().isEmpty()) {
                return Optional.of("the payload carries no space key, so the spaceKeys filter cannot pass it");
            }
            if (!spaceKeys.contains(event.spaceKey())) {
                return Optional.of("space " + event.spaceKey() + " is not among the trigger's spaceKeys");
            }
        }
        if (!labels.isEmpty() && event.labels().stream().noneMatch(labels::contains)) {
            return Optional.of("the page carries none of the labels " + new java.util.TreeSet<>(labels));
        }
        if (titlePattern.isPresent()) {
            String title = event.title();
            try {
                long budget = 200_000L + 2_000L * title.length();
                if (!titlePattern.get().matcher(new BudgetedText(title, budget)).matches()) {
                    return Optional.of(
                            title.isEmpty()
                                    ? "the payload carries no title, so the titlePattern filter cannot pass it"
                                    : "the title does not match the trigger's titlePattern");
                }
            } catch (BudgetedText.BudgetExceeded | StackOverflowError e) {
                return Optional.of("titlePattern is too expensive to evaluate on this title; simplify the pattern");
            }
        }
        return Optional.empty();
    }

    private static List<String> list(Map<String, Object> params, String name) {
        Object v = params.get(name);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof String s) {
            for (String part : s.split(",", -1)) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        } else if (JsonTree.array(v).isPresent()) {
            for (Object o : JsonTree.array(v).get()) {
                if (!(o instanceof String s)) {
                    throw new IllegalArgumentException(name + " must be a list of strings");
                }
                out.add(s);
            }
        } else {
            throw new IllegalArgumentException(name + " must be a list of strings or a comma-separated string");
        }
        if (out.size() > MAX_ITEMS) {
            throw new IllegalArgumentException(name + " has more than " + MAX_ITEMS + " entries");
        }
        return out;
    }
}
