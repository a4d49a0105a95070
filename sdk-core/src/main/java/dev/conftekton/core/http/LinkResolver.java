package dev.conftekton.core.http;

import java.net.URI;
import java.net.URISyntaxException;

/** Resolves links found in responses against a base URL without doubling a shared path prefix. */
final class LinkResolver {
    private LinkResolver() {}

    static URI resolve(URI base, String link) {
        if (link == null || link.isBlank()) {
            throw new IllegalArgumentException("the link is empty");
        }
        String l = link.trim();
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (c < ' ' || c == 0x7f) {
                throw new IllegalArgumentException("the link contains a control character");
            }
        }
        try {
            if (HttpRequest.isAbsoluteUrl(l)) {
                URI u = new URI(l);
                if (u.getHost() == null) {
                    throw new IllegalArgumentException("the link has no host");
                }
                return u;
            }
            if (l.startsWith("//")) {
                throw new IllegalArgumentException("scheme-relative links are not followed");
            }
            String origin = base.getScheme() + "://" + base.getRawAuthority();
            String basePath = base.getRawPath() == null ? "" : base.getRawPath();
            while (basePath.endsWith("/")) {
                basePath = basePath.substring(0, basePath.length() - 1);
            }
            if (!l.startsWith("/")) {
                return new URI(origin + basePath + "/" + l);
            }
            // Longest suffix of the base path (at a segment boundary) that the link starts with.
            String linkPath = l;
            int q = linkPath.indexOf('?');
            String pathOnly = q < 0 ? linkPath : linkPath.substring(0, q);
            for (int i = 0; i < basePath.length(); i++) {
                if (basePath.charAt(i) != '/') {
                    continue;
                }
                String suffix = basePath.substring(i);
                if (pathOnly.equals(suffix) || pathOnly.startsWith(suffix + "/")) {
                    return new URI(origin + basePath.substring(0, i) + l);
                }
            }
            return new URI(origin + basePath + l);
        } catch (URISyntaxException e) {
            // No cause: URISyntaxException quotes the link, which may carry a token.
            throw new IllegalArgumentException("the link is not a valid URL: " + e.getReason());
        }
    }
}
