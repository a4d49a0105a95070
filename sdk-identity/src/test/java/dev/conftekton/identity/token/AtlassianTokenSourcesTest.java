package dev.conftekton.identity.token;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.conftekton.core.auth.Secret;
import java.net.URI;
import org.junit.jupiter.api.Test;

@WireMockTest
class AtlassianTokenSourcesTest {

    @Test
    void cloudServiceAccountUsesAtlassiansTokenEndpointWithPostedCredentials() {
        ClientCredentialsTokenSource source = AtlassianTokenSources.cloudServiceAccount("client-1", Secret.of("sec"))
                .build();

        assertThat(source.tokenEndpoint()).isEqualTo(URI.create("https://auth.atlassian.com/oauth/token"));
        assertThat(source.toString()).contains("client_secret_post", "client-1");
    }

    @Test
    void dataCenterKeepsTheContextPath() {
        assertThat(AtlassianTokenSources.dataCenterTokenEndpoint(URI.create("https://c.example/confluence/")))
                .isEqualTo(URI.create("https://c.example/confluence/rest/oauth2/latest/token"));
        assertThat(AtlassianTokenSources.dataCenterTokenEndpoint(URI.create("https://c.example:8443")))
                .isEqualTo(URI.create("https://c.example:8443/rest/oauth2/latest/token"));
        assertThatThrownBy(() -> AtlassianTokenSources.dataCenterTokenEndpoint(URI.create("/confluence")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dataCenterRequestsAClientCredentialsToken(WireMockRuntimeInfo wm) {
        stubFor(post(urlEqualTo("/confluence/rest/oauth2/latest/token"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"dc-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));

        String header = AtlassianTokenSources.confluenceDataCenter(
                        URI.create(wm.getHttpBaseUrl() + "/confluence"), "client-1", Secret.of("dc-secret"))
                .scope("READ")
                .build()
                .token()
                .authorizationHeader();

        assertThat(header).isEqualTo("Bearer dc-token");
        verify(postRequestedFor(urlEqualTo("/confluence/rest/oauth2/latest/token"))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("client_id=client-1"))
                .withRequestBody(containing("client_secret=dc-secret"))
                .withRequestBody(containing("scope=READ")));
    }
}
