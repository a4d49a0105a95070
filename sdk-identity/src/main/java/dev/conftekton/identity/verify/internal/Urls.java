package dev.conftekton.identity.verify.internal;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

/** Rules for the URLs keys are fetched from. Unsupported internal API. */
public final class Urls {
    /**
     * Fails unless {@code uri} is absolute https, or http to a loopback address (tests, a local
     * issuer): keys fetched over plain http could be swapped by anyone on the path.
     */
    public static URI requireSecure(URI uri, String what) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new IllegalArgumentException(what + " must be an absolute URL, was " + Text.quote(uri));
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(what + " must not contain user information");
        }
        if (scheme.equals("https")) {
            return uri;
        }
        if (scheme.equals("http") && isLoopback(uri.getHost())) {
            return uri;
        }
        throw new IllegalArgumentException(
                what + " must use https (plain http is accepted for loopback addresses only), was " + Text.quote(uri));
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses: no DNS lookup here.
        if (h.matches("[0-9.]+") || h.contains(":")) {
            try {
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    private Urls() {}
}
