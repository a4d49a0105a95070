package dev.conftekton.identity.token;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads claims of a JWT that this process holds as a credential, WITHOUT verifying it. Only used to
 * plan refreshes and to fail early with a helpful message; never for an authorization decision.
 */
final class UnverifiedJwt {
    private final JWTClaimsSet claims;

    private UnverifiedJwt(JWTClaimsSet claims) {
        this.claims = claims;
    }

    static Optional<UnverifiedJwt> peek(String token) {
        if (token.length() > 64 * 1024 || token.chars().filter(c -> c == '.').count() != 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UnverifiedJwt(JWTParser.parse(token).getJWTClaimsSet()));
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    Optional<Instant> expiry() {
        return Optional.ofNullable(claims.getExpirationTime()).map(java.util.Date::toInstant);
    }

    List<String> audience() {
        return claims.getAudience() == null ? List.of() : claims.getAudience();
    }

    Optional<String> issuer() {
        return Optional.ofNullable(claims.getIssuer());
    }

    Optional<String> subject() {
        return Optional.ofNullable(claims.getSubject());
    }
}
