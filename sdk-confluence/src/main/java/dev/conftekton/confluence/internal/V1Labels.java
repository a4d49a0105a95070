package dev.conftekton.confluence.internal;

import dev.conftekton.confluence.LabelService;
import dev.conftekton.confluence.model.Label;
import dev.conftekton.core.error.NotFoundException;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Labels through the v1 API (v2 cannot write them). */
final class V1Labels implements LabelService {
    /** Characters Confluence refuses in labels (besides whitespace). */
    private static final String FORBIDDEN = ":;,&?!()#[]^*|<>";

    private final Api api;

    V1Labels(Api api) {
        this.api = api;
    }

    private String base(String contentId) {
        return api.v1("/content/" + Paths.numericId(contentId, "content id") + "/label");
    }

    @Override
    public AutoPager<Label> list(String contentId, RequestOptions options) {
        return api.list(
                Api.get(base(contentId))
                        .query("limit", String.valueOf(Api.PAGE_SIZE))
                        .build(),
                options,
                Api.Target.of("page " + contentId, "list the labels of"),
                Mappers::label);
    }

    @Override
    public List<Label> add(String contentId, List<String> names, RequestOptions options) {
        Objects.requireNonNull(names, "names");
        if (names.isEmpty()) {
            throw new IllegalArgumentException("give at least one label name");
        }
        StringBuilder array = new StringBuilder("[");
        for (String name : names) {
            String checked = name(name);
            if (array.length() > 1) {
                array.append(',');
            }
            array.append(Json.ObjectWriter.object()
                    .put("prefix", "global")
                    .put("name", checked)
                    .toJson());
        }
        array.append(']');
        Json.Node root = api.json(
                Api.post(base(contentId), array.toString()).build(),
                options,
                Api.Target.of("page " + contentId, "label"));
        List<Label> labels = new ArrayList<>();
        for (Json.Node n : root.get("results").required().items()) {
            labels.add(Mappers.label(n));
        }
        return List.copyOf(labels);
    }

    @Override
    public void remove(String contentId, String name, RequestOptions options) {
        String checked = name(name);
        try {
            // The query form also works for names the path form cannot carry (such as a "/").
            api.send(
                    Api.delete(base(contentId)).query("name", checked).build(),
                    options,
                    Api.Target.of("label " + checked + " of page " + contentId, "remove"));
        } catch (NotFoundException e) {
            // Removing a label that is not there is what the caller wanted anyway.
        }
    }

    /** Confluence stores labels in lower case without spaces; anything else would be rejected or altered. */
    private static String name(String name) {
        Objects.requireNonNull(name, "label name");
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.isEmpty() || n.length() > 255 || n.chars().anyMatch(c -> Character.isWhitespace(c) || c < 0x20)) {
            throw new IllegalArgumentException("a label is 1-255 characters without spaces, but got '"
                    + (name.length() > 40 ? name.substring(0, 40) + "…" : name) + "'");
        }
        for (int i = 0; i < n.length(); i++) {
            if (FORBIDDEN.indexOf(n.charAt(i)) >= 0) {
                throw new IllegalArgumentException("a label cannot contain '" + n.charAt(i) + "'");
            }
        }
        return n;
    }
}
