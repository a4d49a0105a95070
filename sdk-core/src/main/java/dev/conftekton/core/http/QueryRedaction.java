package dev.conftekton.core.http;

import java.util.regex.Pattern;

/** Masks token-like query parameters in URLs shown by {@code toString()}; full redaction is in Redactor. */
final class QueryRedaction {
    static final Pattern TOKEN_QUERY = Pattern.compile(
            "(?i)([?&;](?:access_token|refresh_token|id_token|token|client_secret|secret|password|passwd|pwd"
                    + "|api_key|apikey|api-key|key|signature|sig|code|subject_token|actor_token|assertion"
                    + "|client_assertion|jwt|auth)=)[^&#\\s\"'<>]*");

    private QueryRedaction() {}

    static String redact(String text) {
        return text == null ? null : TOKEN_QUERY.matcher(text).replaceAll("$1██");
    }
}
