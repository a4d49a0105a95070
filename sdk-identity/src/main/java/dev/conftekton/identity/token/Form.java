package dev.conftekton.identity.token;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An {@code application/x-www-form-urlencoded} body with repeatable fields, in order. */
final class Form {
    private final List<Map.Entry<String, String>> fields = new ArrayList<>();

    Form add(String name, String value) {
        fields.add(Map.entry(name, value));
        return this;
    }

    String encode() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> f : fields) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
