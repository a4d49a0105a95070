package dev.conftekton.core.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The SDK version, from a resource written by the build, else the jar manifest. Internal. */
public final class Version {
    private static final String VERSION = load();

    private Version() {}

    /** The version, for example {@code 0.1.0-SNAPSHOT}; never null. */
    public static String current() {
        return VERSION;
    }

    /** {@code conftekton/<version>}. */
    public static String userAgent() {
        return "conftekton/" + VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/dev/conftekton/core/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v.trim();
                }
            }
        } catch (IOException ignored) {
            // fall through to the manifest
        }
        String manifest = Version.class.getPackage().getImplementationVersion();
        return manifest == null || manifest.isBlank() ? "unknown" : manifest;
    }
}
