package dev.conftekton.core.http.internal;

import dev.conftekton.core.error.BadRequestException;
import dev.conftekton.core.error.ConflictException;
import dev.conftekton.core.error.NotFoundException;
import dev.conftekton.core.error.PermissionDeniedException;
import dev.conftekton.core.error.RateLimitedException;
import dev.conftekton.core.error.ServerException;
import dev.conftekton.core.error.ServiceException;
import dev.conftekton.core.error.UnauthorizedException;
import dev.conftekton.core.http.Headers;
import dev.conftekton.core.http.HttpResponse;
import dev.conftekton.core.redact.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Turns error responses into {@link ServiceException}s with redacted, bounded details. */
final class ErrorMapper {
    /** Bytes of an error body read at most. */
    static final int MAX_ERROR_BODY_BYTES = 16 * 1024;

    private static final int MESSAGE_EXCERPT = 300;

    private ErrorMapper() {}

    static ServiceException map(HttpResponse response, String target, Redactor redactor, Instant retryAt, String note) {
        int status = response.status();
        Headers headers = response.headers();
        String requestId = headers.first("X-Request-Id")
                .or(() -> headers.first("ATL-TraceId"))
                .map(redactor::redact)
                .map(id -> id.length() > 128 ? id.substring(0, 128) : id)
                .orElse(null);
        String excerpt = redactor.redact(readExcerpt(response));
        StringBuilder m = new StringBuilder();
        m.append(target).append(" returned HTTP ").append(status);
        if (requestId != null) {
            m.append(" (request id ").append(requestId).append(')');
        }
        m.append(": ").append(hint(status));
        if (note != null) {
            m.append(' ').append(note);
        }
        if (!excerpt.isBlank()) {
            String shown = excerpt.length() > MESSAGE_EXCERPT ? excerpt.substring(0, MESSAGE_EXCERPT) + "…" : excerpt;
            m.append(" Response: ").append(shown.replaceAll("\\s+", " ").trim());
        }
        String message = m.toString();
        return switch (status) {
            case 400 -> new BadRequestException(message, status, requestId, headers, excerpt);
            case 401 -> new UnauthorizedException(message, status, requestId, headers, excerpt);
            case 403 -> new PermissionDeniedException(message, status, requestId, headers, excerpt);
            case 404 -> new NotFoundException(message, status, requestId, headers, excerpt);
            case 409 -> new ConflictException(message, status, requestId, headers, excerpt);
            case 429 -> new RateLimitedException(message, status, requestId, headers, excerpt, retryAt);
            default -> {
                if (retryAt != null) {
                    yield new RateLimitedException(message, status, requestId, headers, excerpt, retryAt);
                }
                yield status >= 500
                        ? new ServerException(message, status, requestId, headers, excerpt)
                        : new ServiceException(message, status, requestId, headers, excerpt);
            }
        };
    }

    private static String hint(int status) {
        return switch (status) {
            case 400 -> "the request was rejected as invalid; check the parameters and body against the API.";
            case 401 -> "the credentials were missing, invalid or expired; check the token or its source.";
            case 403 -> "the identity is authenticated but lacks permission for this resource.";
            case 404 -> "not found, or not visible to this identity.";
            case 409 ->
                "the change conflicts with the current state (for example a stale version number);"
                        + " reload the resource and retry.";
            case 429 -> "the service is throttling requests.";
            default ->
                status >= 500
                        ? "the service failed; retry later or contact its operator."
                        : "the request was not accepted.";
        };
    }

    /** At most {@link #MAX_ERROR_BODY_BYTES} of the body as text (malformed bytes replaced). */
    static String readExcerpt(HttpResponse response) {
        try (InputStream in = response.body().stream()) {
            byte[] bytes = in.readNBytes(MAX_ERROR_BODY_BYTES);
            CharsetDecoder decoder = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            String text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
            StringBuilder clean = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                clean.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
            return clean.toString();
        } catch (IOException | RuntimeException e) {
            return "";
        } finally {
            response.close();
        }
    }
}
