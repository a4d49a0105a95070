package dev.conftekton.core.redact;

import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.http.Headers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text before it is logged, thrown or shown.
 *
 * <p>Masks, as {@value #MASK}: every registered secret (also in its URL-encoded and JSON-escaped
 * forms), values of token-like query parameters ({@code access_token}, {@code token},
 * {@code client_secret}, {@code password}, {@code api_key}, ...), the same names as JSON fields or
 * form fields, {@code Bearer}/{@code Basic} credentials and JWT-shaped strings.
 *
 * <pre>{@code
 * Redactor redactor = Redactor.create();
 * redactor.register(apiToken);                      // a Secret known at run time
 * log.debug(redactor.redact(message));              // never shows the token
 * }</pre>
 *
 * <p>Each client has its own instance (no global registry); clients register the tokens they send.
 * Thread-safe.
 */
public final class Redactor {
    /** What a masked value is replaced with. */
    public static final String MASK = "██";

    /** Parameter and field names whose values are always masked. */
    public static final Set<String> SENSITIVE_PARAMETERS = Set.of(
            "access_token",
            "refresh_token",
            "id_token",
            "token",
            "client_secret",
            "secret",
            "password",
            "passwd",
            "pwd",
            "api_key",
            "apikey",
            "api-key",
            "signature",
            "sig",
            "code",
            "code_verifier",
            "subject_token",
            "actor_token",
            "assertion",
            "client_assertion",
            "private_key",
            "jwt");

    private static final String NAMES = String.join(
            "|",
            SENSITIVE_PARAMETERS.stream()
                    .sorted(Comparator.comparingInt(String::length).reversed())
                    .map(Pattern::quote)
                    .toList());

    // name=value in URLs and form bodies
    private static final Pattern QUERY = Pattern.compile("(?i)((?:^|[?&;\\s])(?:" + NAMES + ")=)[^&#\\s\"'<>]+");
    // "name": "value" in JSON
    private static final Pattern JSON =
            Pattern.compile("(?i)(\"(?:" + NAMES + ")\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*(\")");
    // Authorization-style credentials in free text
    private static final Pattern SCHEME = Pattern.compile("(?i)\\b(bearer|basic|token)(\\s+)[A-Za-z0-9._~+/\\-]{8,}=*");
    // JSON Web Tokens (three base64url parts, the first two starting with '{"' encoded)
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");

    // Replaced whole on registration (longest first), so readers never see a partial list.
    private volatile List<String> secrets = List.of();

    private Redactor() {}

    /** A redactor with no registered secrets (the patterns above still apply). */
    public static Redactor create() {
        return new Redactor();
    }

    /** Masks {@code secret} from now on. */
    public Redactor register(Secret secret) {
        Objects.requireNonNull(secret, "secret");
        return register(secret.reveal());
    }

    /** Masks {@code secret} from now on; blank strings are ignored. */
    public Redactor register(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isBlank() || secrets.contains(secret)) {
            return this; // a secret registered again costs one lookup
        }
        List<String> forms = List.of(
                secret,
                URLEncoder.encode(secret, StandardCharsets.UTF_8),
                URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"),
                jsonEscaped(secret));
        synchronized (this) {
            List<String> next = new ArrayList<>(secrets);
            for (String f : forms) {
                if (!next.contains(f)) {
                    next.add(f);
                }
            }
            next.sort(Comparator.comparingInt(String::length).reversed());
            secrets = List.copyOf(next);
        }
        return this;
    }

    /** True when {@code text} contains a registered secret. */
    public boolean containsSecret(String text) {
        if (text == null) {
            return false;
        }
        for (String s : secrets) {
            if (text.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /** {@code text} with secrets masked; null stays null. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        out = replace(QUERY, out, "$1" + MASK);
        out = replace(JSON, out, "$1" + MASK + "$2");
        out = replace(SCHEME, out, "$1$2" + MASK);
        out = replace(JWT, out, MASK);
        return out;
    }

    /** {@code headers} as text: credential headers masked, other values redacted. */
    public String redact(Headers headers) {
        return redact(headers.toString());
    }

    private static String replace(Pattern p, String text, String replacement) {
        Matcher m = p.matcher(text);
        return m.find() ? m.replaceAll(replacement) : text;
    }

    private static String jsonEscaped(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '/' -> sb.append('/');
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Redactor[" + secrets.size() + " registered forms]";
    }
}
