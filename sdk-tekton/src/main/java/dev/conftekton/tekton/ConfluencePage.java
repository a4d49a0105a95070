package dev.conftekton.tekton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Confluence page whose change caused a run. Recorded on the PipelineRun as annotations
 * ({@value #PAGE_ID}, {@value #SPACE_KEY}, {@value #PAGE_VERSION}) and, where the value is a valid
 * label value, as labels for selecting runs by page or space.
 *
 * @param pageId the page id (digits)
 * @param spaceKey the space key, or empty when not known
 * @param version the page version that caused the run, or 0 when not known
 */
public record ConfluencePage(String pageId, String spaceKey, long version) {
    public static final String PAGE_ID = "conftekton.dev/confluence-page-id";
    public static final String SPACE_KEY = "conftekton.dev/confluence-space-key";
    public static final String PAGE_VERSION = "conftekton.dev/confluence-page-version";

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,30}");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    public ConfluencePage {
        Objects.requireNonNull(pageId, "pageId");
        if (!DIGITS.matcher(pageId).matches()) {
            throw new IllegalArgumentException("a Confluence page id is digits only, got '" + pageId + "'");
        }
        spaceKey = spaceKey == null ? "" : spaceKey;
        if (version < 0) {
            throw new IllegalArgumentException("page version must not be negative: " + version);
        }
    }

    Map<String, String> annotations() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put(PAGE_ID, pageId);
        if (!spaceKey.isEmpty()) {
            a.put(SPACE_KEY, spaceKey);
        }
        if (version > 0) {
            a.put(PAGE_VERSION, Long.toString(version));
        }
        return a;
    }

    Map<String, String> labels() {
        Map<String, String> l = new LinkedHashMap<>();
        if (LABEL_VALUE.matcher(pageId).matches()) {
            l.put(PAGE_ID, pageId);
        }
        if (!spaceKey.isEmpty() && LABEL_VALUE.matcher(spaceKey).matches()) {
            l.put(SPACE_KEY, spaceKey);
        }
        return l;
    }
}
