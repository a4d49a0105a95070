package dev.conftekton.identity.token;

import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.TokenSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * The pod's Kubernetes service-account token, read from its projected volume and re-read when the
 * kubelet rotates it.
 *
 * <p><b>Audience.</b> The audience of the token is chosen where the volume is declared, not here:
 * the kubelet asks the API server for a token with the {@code audience} of the {@code
 * serviceAccountToken} projection. For workload identity, project a dedicated token whose audience
 * is the party that will accept it (for Keycloak's federated client authentication: the realm URL)
 * and point this source at it:
 *
 * <pre>{@code
 * volumes:
 *   - name: keycloak-token
 *     projected:
 *       sources:
 *         - serviceAccountToken:
 *             path: token
 *             audience: https://keycloak.example/realms/ci
 *             expirationSeconds: 600
 * }</pre>
 *
 * <pre>{@code
 * TokenSource sa = ServiceAccountTokenSource.builder()
 *         .path(Path.of("/var/run/secrets/tokens/keycloak-token/token"))
 *         .expectAudience("https://keycloak.example/realms/ci") // fail early on a mis-declared volume
 *         .build();
 * }</pre>
 *
 * <p>The default path {@value #DEFAULT_PATH} holds the token whose audience is the cluster's API
 * server; do not hand that one to third parties.
 */
public final class ServiceAccountTokenSource implements TokenSource {
    /** Where Kubernetes mounts the default service-account token. */
    public static final String DEFAULT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    private final SecretFileTokenSource file;

    private ServiceAccountTokenSource(SecretFileTokenSource file) {
        this.file = file;
    }

    /** The token at {@value #DEFAULT_PATH}. */
    public static ServiceAccountTokenSource fromDefaultPath() {
        return builder().build();
    }

    /** The token projected at {@code path}. */
    public static ServiceAccountTokenSource fromPath(Path path) {
        return builder().path(path).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path path() {
        return file.path();
    }

    @Override
    public AccessToken token() {
        return file.token();
    }

    @Override
    public void invalidate(AccessToken rejected) {
        file.invalidate(rejected);
    }

    @Override
    public String toString() {
        return "ServiceAccountTokenSource[" + file.path() + "]";
    }

    /** Builds a {@link ServiceAccountTokenSource}. */
    public static final class Builder {
        private Path path = Path.of(DEFAULT_PATH);
        private Clock clock = Clock.systemUTC();
        private String audience;

        private Builder() {}

        /** Where the projected token is mounted; default {@value #DEFAULT_PATH}. */
        public Builder path(Path path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The audience the projected volume should have been declared with. The token's {@code aud}
         * is checked (without verifying the token) on every read so that a mis-declared volume fails
         * here with a message rather than at the remote party.
         */
        public Builder expectAudience(String audience) {
            this.audience = Objects.requireNonNull(audience, "audience");
            return this;
        }

        public ServiceAccountTokenSource build() {
            SecretFileTokenSource.Builder b =
                    SecretFileTokenSource.builder(path).clock(clock);
            if (audience != null) {
                b.expectAudience(audience);
            }
            return new ServiceAccountTokenSource(b.build());
        }
    }
}
