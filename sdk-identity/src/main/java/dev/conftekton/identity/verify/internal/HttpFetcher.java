package dev.conftekton.identity.verify.internal;

import java.io.IOException;
import java.net.URI;

/**
 * Fetches a small JSON document (discovery, JWKS). A seam so that sdk-core's transport can replace
 * the JDK client later. Unsupported internal API.
 */
public interface HttpFetcher {
    /**
     * The body of a 200 answer to {@code GET uri}.
     *
     * @throws IOException on any other status, a body larger than the limit, or an I/O failure;
     *     the message names the URI and the status, never a body
     */
    String get(URI uri) throws IOException;
}
