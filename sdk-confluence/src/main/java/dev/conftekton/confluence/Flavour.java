package dev.conftekton.confluence;

import java.net.URI;
import java.util.Locale;

/** Which Confluence the client talks to. */
public enum Flavour {
    /**
     * Confluence Cloud, on a site ({@code https://x.atlassian.net}) or through the API gateway
     * ({@code https://api.atlassian.com/ex/confluence/{cloudId}}): REST v2 under {@code
     * /wiki/api/v2}, v1 under {@code /wiki/rest/api}.
     */
    CLOUD,
    /** Confluence Data Center or Server ({@code https://host[/context]}): v1 under {@code /rest/api}. */
    DATA_CENTER;

    /**
     * The flavour a URL implies: Cloud for {@code *.atlassian.net}, {@code *.jira.com} and the API
     * gateway {@code api.atlassian.com}; Data Center for anything else. Set the flavour explicitly
     * for a Cloud site on a custom domain.
     */
    public static Flavour detect(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".atlassian.net") || host.endsWith(".jira.com") || host.equals("api.atlassian.com")) {
            return CLOUD;
        }
        return DATA_CENTER;
    }
}
