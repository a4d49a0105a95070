package dev.conftekton.confluence;

/** Optional parts of a page that {@link PageService#get(String, java.util.Set)} can fetch with it. */
public enum PageField {
    /** The body in storage format. */
    BODY,
    /** The labels. */
    LABELS,
    /** The content properties. */
    PROPERTIES
}
