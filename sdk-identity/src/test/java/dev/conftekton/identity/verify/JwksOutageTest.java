package dev.conftekton.identity.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.conftekton.identity.verify.TokenVerificationException.Reason;
import dev.conftekton.testkit.oidc.AdjustableClock;
import dev.conftekton.testkit.oidc.OidcIssuer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The JWKS endpoint goes down for longer than the key cache lives. */
class JwksOutageTest {
    static final Duration TTL = Duration.ofMinutes(5);
    static final Duration OUTAGE_WINDOW = Duration.ofMinutes(30);
    static final Duration REFETCH = Duration.ofSeconds(30);

    @Test
    void knownKeysKeepVerifyingInsideTheOutageWindowWhileUnknownKidsAndLaterTokensFailClosed() {
        AdjustableClock clock = AdjustableClock.at(Instant.parse("2026-11-23T12:00:00Z"));
        try (OidcIssuer issuer = OidcIssuer.builder().clock(clock).build().start()) {
            JwtVerifier verifier = JwtVerifier.builder()
                    .issuer(issuer.issuerUrl())
                    .audience("conftekton")
                    .clock(clock)
                    .jwksCacheTtl(TTL)
                    .jwksRefetchInterval(REFETCH)
                    .jwksOutageTolerance(OUTAGE_WINDOW)
                    .build();
            // given: keys fetched while the endpoint is healthy
            assertThat(verifier.verify(token(issuer)).subject()).isEqualTo("pipeline");
            String longLived = issuer.mint()
                    .subject("pipeline")
                    .audience("conftekton")
                    .expiresIn(Duration.ofHours(2))
                    .sign();
            assertThat(issuer.requestCount("jwks")).isEqualTo(1);

            // when: the JWKS endpoint goes down and the cache expires (twice its lifetime)
            issuer.jwksAvailable(false);
            clock.advance(TTL.multipliedBy(2));

            // then: tokens signed with the known key still verify; the failed refresh was tried once
            assertThat(verifier.verify(token(issuer)).subject()).isEqualTo("pipeline");
            assertThat(verifier.verify(token(issuer)).subject()).isEqualTo("pipeline");
            assertThat(issuer.requestCount("jwks")).isEqualTo(2);

            // and: a token with a kid never seen fails closed, even after the refetch interval
            issuer.rotateKeys(OidcIssuer.OldKeys.KEEP);
            String newKidToken = token(issuer);
            clock.advance(REFETCH.plusSeconds(1));
            TokenVerificationException unknown =
                    catchThrowableOfType(() -> verifier.verify(newKidToken), TokenVerificationException.class);
            assertThat(unknown.reason()).isEqualTo(Reason.UNKNOWN_KEY);
            assertThat(issuer.requestCount("jwks")).isEqualTo(3);

            // and: after the outage window even the known key is no longer trusted
            clock.advance(OUTAGE_WINDOW);
            TokenVerificationException tooLong =
                    catchThrowableOfType(() -> verifier.verify(longLived), TokenVerificationException.class);
            assertThat(tooLong.reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
            assertThat(tooLong.getMessage()).contains("503");

            // when: the endpoint comes back
            issuer.jwksAvailable(true);
            clock.advance(REFETCH.plusSeconds(1));

            // then: both the old and the new key verify again
            assertThat(verifier.verify(longLived).subject()).isEqualTo("pipeline");
            assertThat(verifier.verify(token(issuer)).subject()).isEqualTo("pipeline");
        }
    }

    @Test
    void discoveryOutageAloneDoesNotStopVerification() {
        AdjustableClock clock = AdjustableClock.at(Instant.parse("2026-11-23T12:00:00Z"));
        try (OidcIssuer issuer = OidcIssuer.builder().clock(clock).build().start()) {
            JwtVerifier verifier = JwtVerifier.builder()
                    .issuer(issuer.issuerUrl())
                    .audience("conftekton")
                    .clock(clock)
                    .discoveryCacheTtl(Duration.ofMinutes(1))
                    .jwksCacheTtl(TTL)
                    .build();
            verifier.verify(token(issuer));

            issuer.discoveryAvailable(false);
            clock.advance(TTL.plusMinutes(1));
            issuer.rotateKeys(OidcIssuer.OldKeys.KEEP);

            // The JWKS is refetched from the remembered jwks_uri and the new key is found.
            assertThat(verifier.verify(token(issuer)).subject()).isEqualTo("pipeline");
            assertThat(issuer.requestCount("discovery")).isEqualTo(2);
            assertThat(issuer.requestCount("jwks")).isEqualTo(2);
        }
    }

    @Test
    void endpointDownFromTheStartFailsClosedAndRetriesAtALimitedRate() {
        AdjustableClock clock = AdjustableClock.at(Instant.parse("2026-11-23T12:00:00Z"));
        try (OidcIssuer issuer = OidcIssuer.builder().clock(clock).build().start()) {
            issuer.jwksAvailable(false);
            JwtVerifier verifier = JwtVerifier.builder()
                    .issuer(issuer.issuerUrl())
                    .audience("conftekton")
                    .clock(clock)
                    .jwksRefetchInterval(REFETCH)
                    .build();
            String token = token(issuer);

            for (int i = 0; i < 5; i++) {
                assertThat(catchThrowableOfType(() -> verifier.verify(token), TokenVerificationException.class)
                                .reason())
                        .isEqualTo(Reason.KEYS_UNAVAILABLE);
            }
            assertThat(issuer.requestCount("jwks")).isEqualTo(1);

            issuer.jwksAvailable(true);
            clock.advance(REFETCH.plusSeconds(1));
            assertThat(verifier.verify(token).subject()).isEqualTo("pipeline");
        }
    }

    private static String token(OidcIssuer issuer) {
        return issuer.mint().subject("pipeline").audience("conftekton").sign();
    }
}
