package dev.conftekton.identity.token;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getAllServeEvents;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.auth.TokenSource;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@WireMockTest
class TokenExchangeTokenSourceTest {

    private static List<Map.Entry<String, String>> sentForm() {
        String body = getAllServeEvents().get(0).getRequest().getBodyAsString();
        return Arrays.stream(body.split("&"))
                .map(p -> p.split("=", 2))
                .map(p -> Map.entry(
                        URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(p[1], StandardCharsets.UTF_8)))
                .toList();
    }

    /** A subject source that counts invalidations. */
    private static final class Subject implements TokenSource {
        final List<AccessToken> invalidated = new ArrayList<>();

        @Override
        public AccessToken token() {
            return AccessToken.bearer("subject-token");
        }

        @Override
        public void invalidate(AccessToken rejected) {
            invalidated.add(rejected);
        }
    }

    @Test
    void sendsTheRfc8693Parameters(WireMockRuntimeInfo wm) {
        stubFor(post(urlEqualTo("/token"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"exchanged\",\"issued_token_type\":"
                                + "\"urn:ietf:params:oauth:token-type:access_token\",\"token_type\":\"N_A\","
                                + "\"expires_in\":300}")));

        AccessToken token = TokenExchangeTokenSource.builder()
                .tokenEndpoint(wm.getHttpBaseUrl() + "/token")
                .clientAuthentication(ClientAuthentication.clientSecretBasic("gateway", Secret.of("gw-secret")))
                .subjectToken(new Subject(), TokenExchangeTokenSource.JWT_TOKEN_TYPE)
                .audience("confluence")
                .audience("tekton")
                .resource("https://confluence.example/wiki")
                .scope("page:read")
                .requestedTokenType(TokenExchangeTokenSource.ACCESS_TOKEN_TYPE)
                .build()
                .token();

        assertThat(token.authorizationHeader()).isEqualTo("Bearer exchanged");
        assertThat(sentForm())
                .containsExactly(
                        Map.entry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
                        Map.entry("subject_token", "subject-token"),
                        Map.entry("subject_token_type", "urn:ietf:params:oauth:token-type:jwt"),
                        Map.entry("audience", "confluence"),
                        Map.entry("audience", "tekton"),
                        Map.entry("resource", "https://confluence.example/wiki"),
                        Map.entry("scope", "page:read"),
                        Map.entry("requested_token_type", "urn:ietf:params:oauth:token-type:access_token"));
    }

    @Test
    void invalidGrantInvalidatesTheSubjectToken(WireMockRuntimeInfo wm) {
        stubFor(post(urlEqualTo("/token"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"subject token expired\"}")));
        Subject subject = new Subject();
        TokenExchangeTokenSource source = TokenExchangeTokenSource.builder()
                .tokenEndpoint(wm.getHttpBaseUrl() + "/token")
                .clientAuthentication(ClientAuthentication.clientSecretPost("gateway", Secret.of("gw-secret")))
                .subjectToken(subject)
                .build();

        assertThatThrownBy(source::token)
                .isInstanceOfSatisfying(
                        TokenEndpointException.class, e -> assertThat(e.error()).contains("invalid_grant"))
                .hasMessageContaining("subject token expired")
                .hasMessageNotContaining("subject-token");
        assertThat(subject.invalidated).hasSize(1);
    }

    @Test
    void validatesTokenTypesAndRequiredParts() {
        assertThatThrownBy(() -> TokenExchangeTokenSource.builder().requestedTokenType("access_token"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("URN");
        assertThatThrownBy(() -> TokenExchangeTokenSource.builder().resource("relative/path"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenExchangeTokenSource.builder()
                        .tokenEndpoint("https://idp.example/token")
                        .clientAuthentication(ClientAuthentication.none("x"))
                        .build())
                .hasMessageContaining("subjectToken");
    }
}
