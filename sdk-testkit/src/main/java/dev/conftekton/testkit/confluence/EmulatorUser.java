package dev.conftekton.testkit.confluence;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * A user known to the emulator, with the credentials a client presents.
 *
 * <p>{@link #toString()} never shows the API token or the personal access token.
 *
 * <pre>{@code
 * EmulatorUser alice = emulator.user("alice@example.com");
 * request.header("Authorization", alice.basicAuthorization());   // Cloud: email + API token
 * request.header("Authorization", alice.bearerAuthorization());  // Data Center: personal access token
 * }</pre>
 *
 * @param accountId Atlassian account id, e.g. {@code 557058:0f1e...}; unique
 * @param displayName name shown in the UI and in {@code publicName}
 * @param email login for Basic authentication; unique
 * @param apiToken secret for Basic {@code email:apiToken}; {@code null} disables Basic for this user
 * @param personalAccessToken secret for {@code Authorization: Bearer}; {@code null} disables Bearer
 * @param active inactive users are refused with 401 whatever their credentials
 */
public record EmulatorUser(
        String accountId,
        String displayName,
        String email,
        String apiToken,
        String personalAccessToken,
        boolean active) {

    public EmulatorUser {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(email, "email");
        if (accountId.isBlank()) {
            throw new IllegalArgumentException("accountId must not be blank");
        }
        if (email.isBlank() || email.indexOf(':') >= 0) {
            throw new IllegalArgumentException(
                    "email must be non-blank and must not contain ':' (it is the Basic user name): " + email);
        }
        if (displayName == null || displayName.isBlank()) {
            displayName = email;
        }
    }

    /** An active user with both kinds of credentials. */
    public static EmulatorUser of(String accountId, String displayName, String email, String apiToken, String pat) {
        return new EmulatorUser(accountId, displayName, email, apiToken, pat, true);
    }

    /**
     * An active test user made from one lower-case name by the convention the project's tests seed with: account id
     * {@code 557058:NAME}, display name {@code Name}, email {@code NAME@example.com}, API token
     * {@code NAME-api-token} and personal access token {@code NAME-pat}.
     *
     * <pre>{@code
     * EmulatorSeed.builder().user(EmulatorUser.named("alice"))   // alice@example.com / alice-api-token
     * }</pre>
     *
     * @param name a non-blank name without {@code ':'} or {@code '@'}, e.g. {@code alice}
     */
    public static EmulatorUser named(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.indexOf(':') >= 0 || name.indexOf('@') >= 0) {
            throw new IllegalArgumentException("name must be non-blank and contain neither ':' nor '@': " + name);
        }
        return of(
                "557058:" + name,
                name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1),
                name + "@example.com",
                name + "-api-token",
                name + "-pat");
    }

    /** {@code Basic base64(email:apiToken)}, the Cloud way to authenticate. */
    public String basicAuthorization() {
        if (apiToken == null) {
            throw new IllegalStateException("User " + accountId + " has no API token in the seed");
        }
        String pair = email + ":" + apiToken;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code Bearer <personal access token>}, the Data Center way to authenticate. */
    public String bearerAuthorization() {
        if (personalAccessToken == null) {
            throw new IllegalStateException("User " + accountId + " has no personal access token in the seed");
        }
        return "Bearer " + personalAccessToken;
    }

    @Override
    public String toString() {
        return "EmulatorUser[accountId=" + accountId + ", displayName=" + displayName + ", email=" + email
                + ", apiToken=" + (apiToken == null ? "none" : "***") + ", personalAccessToken="
                + (personalAccessToken == null ? "none" : "***") + ", active=" + active + "]";
    }
}
