package dev.conftekton.confluence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conftekton.core.auth.Secret;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ConfluenceClientTest {

    @Test
    void detectsCloudFromAtlassianHostsAndStripsWiki() {
        ConfluenceClient c = ConfluenceClient.newBuilder()
                .siteUrl("https://example.atlassian.net/wiki/")
                .basicAuth("a@example.com", Secret.of("t"))
                .build();

        assertThat(c.flavour()).isEqualTo(Flavour.CLOUD);
        assertThat(c.siteUrl()).isEqualTo(URI.create("https://example.atlassian.net"));
        assertThat(c.restClient().baseUrl().toString()).isEqualTo("https://example.atlassian.net/wiki");
    }

    @Test
    void gatewayUrlsUseTheCloudIdPath() {
        ConfluenceClient c = ConfluenceClient.newBuilder()
                .cloudGateway("0f6c5b1e-1111-2222-3333-444455556666")
                .build();

        assertThat(c.flavour()).isEqualTo(Flavour.CLOUD);
        assertThat(c.restClient().baseUrl().toString())
                .isEqualTo("https://api.atlassian.com/ex/confluence/0f6c5b1e-1111-2222-3333-444455556666/wiki");
    }

    @Test
    void otherHostsAreDataCenterWithTheirContextPathKept() {
        ConfluenceClient c = ConfluenceClient.newBuilder()
                .siteUrl("https://wiki.example.com/confluence")
                .build();

        assertThat(c.flavour()).isEqualTo(Flavour.DATA_CENTER);
        assertThat(c.restClient().baseUrl().toString()).isEqualTo("https://wiki.example.com/confluence");
    }

    @Test
    void derivedClientsKeepSettingsAndMayChangeFlavour() {
        ConfluenceClient c = ConfluenceClient.newBuilder()
                .siteUrl("https://cloud.example.com")
                .build();
        ConfluenceClient cloud = c.toBuilder().flavour(Flavour.CLOUD).build();

        assertThat(c.flavour()).isEqualTo(Flavour.DATA_CENTER);
        assertThat(cloud.flavour()).isEqualTo(Flavour.CLOUD);
        assertThat(cloud.restClient().baseUrl().toString()).isEqualTo("https://cloud.example.com/wiki");
    }

    @Test
    void rejectsUnusableSiteUrlsWithAClearMessage() {
        assertThatThrownBy(() -> ConfluenceClient.newBuilder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("siteUrl is required");
        assertThatThrownBy(
                        () -> ConfluenceClient.newBuilder().siteUrl("ftp://x").build())
                .hasMessageContaining("https://");
        assertThatThrownBy(() -> ConfluenceClient.newBuilder()
                        .siteUrl("https://me:pw@x.atlassian.net")
                        .build())
                .hasMessageContaining("must not carry credentials")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw"));
        assertThatThrownBy(() -> ConfluenceClient.newBuilder()
                        .siteUrl("https://x.atlassian.net/?a=b")
                        .build())
                .hasMessageContaining("query");
        assertThatThrownBy(() -> ConfluenceClient.newBuilder().cloudGateway("../../evil"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfluenceClient.newBuilder().basicAuth("a:b", Secret.of("t")))
                .hasMessageContaining("':'");
    }

    @Test
    void toStringShowsNoCredentials() {
        ConfluenceClient c = ConfluenceClient.newBuilder()
                .siteUrl("https://example.atlassian.net")
                .basicAuth("a@example.com", Secret.of("super-secret-token"))
                .build();

        assertThat(c.toString()).doesNotContain("super-secret-token").contains("CLOUD");
        assertThat(c.restClient().toString()).doesNotContain("super-secret-token");
    }
}
