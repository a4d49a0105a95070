package dev.conftekton.testkit.confluence.internal;

import java.util.Base64;

/** HTML pages for people. */
final class WebView {
    private final Store store;
    private final Webhooks webhooks;
    private final String context;

    WebView(Store store, Webhooks webhooks, String context) {
        this.store = store;
        this.webhooks = webhooks;
        this.context = context;
    }

    static String tiny(String id) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    void register(Router r) {}
}
