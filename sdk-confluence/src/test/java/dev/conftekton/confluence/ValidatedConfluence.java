package dev.conftekton.confluence;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.LoggedResponse;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A WireMock server whose every interaction is checked against Atlassian's OpenAPI files.
 *
 * <p>After each test, every request the client sent and every response the stubs gave is
 * validated: requests under {@code /wiki/api/v2} against the v2 file, under {@code /wiki/rest/api}
 * against the v1 file, under {@code /rest/api} against the v1 file without {@code /wiki} (Data
 * Center); an API-gateway prefix {@code /ex/confluence/{cloudId}} is removed first. A request no
 * stub matched, or a path outside those APIs, fails the test too. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ValidatedConfluence server = new ValidatedConfluence();
 * }</pre>
 */
final class ValidatedConfluence implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    /** Problems the OpenAPI files cannot settle and that are therefore not failures. */
    private static final Set<String> IGNORED_KEYS = Set.of(
            // Error statuses such as 429 or 409 that an operation does not list: Confluence sends them anyway.
            "validation.response.status.unknown");

    private WireMockServer server;
    private final List<String> exempt = new ArrayList<>();
    private final List<String[]> allowed = new ArrayList<>();

    WireMockServer wireMock() {
        return server;
    }

    /** The server's base URL, for example {@code http://localhost:51234}. */
    String baseUrl() {
        return "http://localhost:" + server.port();
    }

    /** Paths (prefixes) whose interactions are deliberately off-spec in this test, e.g. a download redirect target. */
    void exemptPathPrefix(String prefix) {
        exempt.add(prefix);
    }

    /**
     * Accepts one kind of validation message on one API path in this test, for a documented
     * difference between Data Center and the Cloud description that stands in for it.
     */
    void allow(String apiPath, String messageKey) {
        allowed.add(new String[] {apiPath, messageKey});
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.resetAll();
        exempt.clear();
        allowed.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            return; // the test already failed; its own message is the useful one
        }
        List<String> problems = validateAll();
        if (!problems.isEmpty()) {
            throw new AssertionError(
                    "interactions do not match Atlassian's OpenAPI files:\n" + String.join("\n", problems));
        }
    }

    /** Validates every interaction so far and returns the problems, one line each. */
    List<String> validateAll() {
        List<String> problems = new ArrayList<>();
        for (ServeEvent event : server.getAllServeEvents()) {
            LoggedRequest request = event.getRequest();
            String where = request.getMethod() + " " + request.getUrl();
            if (!event.getWasMatched()) {
                problems.add(where + ": no stub matched this request");
                continue;
            }
            String path = URI.create(request.getUrl()).getRawPath();
            if (exempt.stream().anyMatch(path::startsWith)) {
                continue;
            }
            path = path.replaceFirst("^/ex/confluence/[^/]+", "");
            // A Data Center context path (/confluence/rest/api/...) is not part of the API's paths.
            path = path.replaceFirst("^/(?!wiki/)[^/]+(?=/rest/api/)", "");
            OpenApiInteractionValidator validator;
            if (path.startsWith("/wiki/api/v2/")) {
                validator = OpenApiValidators.cloudV2();
            } else if (path.startsWith("/wiki/rest/api/")) {
                validator = OpenApiValidators.cloudV1();
            } else if (path.startsWith("/rest/api/")) {
                validator = OpenApiValidators.dataCenter();
            } else {
                problems.add(where + ": not a Confluence REST API path");
                continue;
            }
            ValidationReport report = validator.validate(toRequest(request, path), toResponse(event.getResponse()));
            for (ValidationReport.Message m : report.getMessages()) {
                String apiPath = path;
                boolean allowedHere = allowed.stream()
                                .anyMatch(
                                        a -> apiPath.equals(a[0]) && m.getKey().equals(a[1]))
                        // Atlassian's files declare error responses without content, yet Confluence
                        // sends a JSON error body (the client reads its message); success bodies stay strict.
                        || (event.getResponse().getStatus() >= 400
                                && m.getKey().equals("validation.response.body.unexpected"));
                if (m.getLevel() == ValidationReport.Level.ERROR
                        && !IGNORED_KEYS.contains(m.getKey())
                        && !allowedHere) {
                    problems.add(where + " -> " + event.getResponse().getStatus() + ": [" + m.getKey() + "] "
                            + m.getMessage());
                }
            }
        }
        return problems;
    }

    private static Request toRequest(LoggedRequest logged, String path) {
        SimpleRequest.Builder b = new SimpleRequest.Builder(logged.getMethod().getName(), path);
        logged.getQueryParams().forEach((name, values) -> b.withQueryParam(name, values.values()));
        for (HttpHeader h : logged.getHeaders().all()) {
            b.withHeader(h.key(), h.values());
        }
        byte[] body = logged.getBody();
        if (body != null && body.length > 0) {
            String contentType = logged.getHeader("Content-Type");
            if (contentType != null && contentType.startsWith("multipart/")) {
                // The validator does not read multipart bodies; tests assert their parts themselves.
                b.withBody(body);
            } else {
                b.withBody(new String(body, StandardCharsets.UTF_8));
            }
        }
        return b.build();
    }

    private static com.atlassian.oai.validator.model.Response toResponse(LoggedResponse logged) {
        SimpleResponse.Builder b = SimpleResponse.Builder.status(logged.getStatus());
        if (logged.getHeaders() != null) {
            for (HttpHeader h : logged.getHeaders().all()) {
                b.withHeader(h.key(), h.values());
            }
        }
        String body = logged.getBodyAsString();
        if (body != null && !body.isEmpty()) {
            b.withBody(body);
        }
        return b.build();
    }
}
