package dev.conftekton.testkit.confluence;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Atlassian's published OpenAPI files, loaded once per JVM, judging every response the tests receive. */
final class OpenApiContract {
    private OpenApiContract() {}

    private static Path dir() {
        String dir = System.getProperty("conftekton.openapi.dir");
        if (dir == null) {
            throw new IllegalStateException("System property conftekton.openapi.dir is not set (surefire sets it)");
        }
        Path p = Path.of(dir);
        // In a git worktree the default (<root>/../shared) may miss: look for shared/ in the ancestors as well.
        for (Path a = Path.of("").toAbsolutePath(); !Files.isDirectory(p) && a != null; a = a.getParent()) {
            p = a.resolve("shared/confluence-openapi");
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("conftekton.openapi.dir does not exist: " + dir);
        }
        return p;
    }

    /**
     * The v2 file with the operations Atlassian added after its edition ({@code /pages/{id}/direct-children},
     * {@code /descendants}, {@code /title}), transcribed in {@code confluence-cloud-v2-additions.openapi.json}: a path
     * or schema the file has already is kept as Atlassian wrote it.
     */
    @SuppressWarnings("unchecked")
    static String withAdditions(Path v2) {
        JsonAdapter<Object> json = new Moshi.Builder().build().adapter(Object.class);
        try (InputStream in = OpenApiContract.class.getResourceAsStream("confluence-cloud-v2-additions.openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("confluence-cloud-v2-additions.openapi.json is missing");
            }
            Map<String, Object> spec = (Map<String, Object>) json.fromJson(Files.readString(v2));
            Map<String, Object> additions =
                    (Map<String, Object>) json.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Map<String, Object> paths = (Map<String, Object>) spec.get("paths");
            ((Map<String, Object>) additions.get("paths")).forEach(paths::putIfAbsent);
            Map<String, Object> schemas =
                    (Map<String, Object>) ((Map<String, Object>) spec.get("components")).get("schemas");
            ((Map<String, Object>) additions.get("schemas")).forEach(schemas::putIfAbsent);
            return json.toJson(integral(spec));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moshi reads every number as a double: whole ones go back as integers ({@code maximum: 250}, not 250.0). */
    @SuppressWarnings("unchecked")
    private static Object integral(Object v) {
        if (v instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).replaceAll((k, x) -> integral(x));
        } else if (v instanceof List<?> l) {
            ((List<Object>) l).replaceAll(OpenApiContract::integral);
        } else if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        return v;
    }

    private static LevelResolver levels() {
        return LevelResolver.create()
                // Confluence answers statuses its description omits (409 on v2 updates, 403 on writes, 429, 503):
                // their bodies have no schema, so there is nothing to compare.
                .withLevel("validation.response.status.unknown", ValidationReport.Level.IGNORE)
                .build();
    }

    private static final class V2 {
        static final OpenApiInteractionValidator VALIDATOR =
                OpenApiInteractionValidator.createForInlineApiSpecification(
                                withAdditions(dir().resolve("confluence-cloud-v2.openapi.json")))
                        .withBasePathOverride("/wiki/api/v2")
                        .withResolveCombinators(true)
                        .withLevelResolver(levels())
                        .build();
    }

    private static final class V1 {
        static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator.createForSpecificationUrl(
                        dir().resolve("confluence-cloud-v1.openapi.json")
                                .toUri()
                                .toString())
                .withLevelResolver(levels())
                .build();
    }

    private static final java.util.regex.Pattern LINKS_OVERRIDE = java.util.regex.Pattern.compile(
            "\\[Path '/_links'\\] Object instance has properties which are not allowed by the schema: "
                    + "\\[(\"(webui|editui|tinyui|download)\",?)+\\]");

    private static final java.util.regex.Pattern PROPERTY_OBJECT = java.util.regex.Pattern.compile(
            "\\[Path '(/results/\\d+(/content)?)?/metadata/properties/[^'/]+'\\] Instance type \\(object\\) does not match"
                    + " any allowed primitive type \\(allowed: \\[\"string\"\\]\\)");

    /**
     * Gaps between the published descriptions and the real service, each ignored narrowly:
     *
     * <ul>
     *   <li>error statuses: the files declare 400/401/404 without a body, Confluence sends a JSON error body;
     *   <li>unknown paths answered 404/405 have no operation to compare with;
     *   <li>single-entity v2 responses are {@code allOf(PageSingle, {_links: {base}})}: merged by
     *       {@code withResolveCombinators(true)}, the second {@code _links} replaces the first, so the
     *       {@code webui/editui/tinyui} links every real response carries are reported as unknown. Only exactly
     *       those names under {@code /_links} are let through; any other extra property still fails.
     *   <li>v1 {@code metadata.properties} is typed as string-valued links, but Confluence answers
     *       {@code expand=metadata.properties.KEY} with the property object ({@code id, key, value, version}) that
     *       clients read; only that path, only an object instead of a string, is let through.
     *   <li>Data Center user objects carry {@code status} ({@code expand=status}, and {@code _expandable.status}
     *       otherwise), which the Cloud file (checked for Data Center paths too) does not know; only a lone
     *       {@code status} property, only on Data Center paths, is let through.
     * </ul>
     */
    private static final java.util.regex.Pattern DC_USER_STATUS = java.util.regex.Pattern.compile(
            "(\\[Path '[^']*'\\] )?Object instance has properties which are not allowed by the schema: \\[\"status\"\\]");

    private static boolean knownGap(
            com.atlassian.oai.validator.report.ValidationReport.Message m, int status, boolean dataCenter) {
        if (dataCenter
                && m.getKey().equals("validation.response.body.schema.additionalProperties")
                && DC_USER_STATUS.matcher(m.getMessage()).matches()) {
            return true;
        }
        if (status >= 400 && m.getKey().equals("validation.response.body.unexpected")) {
            return true;
        }
        if ((status == 404 || status == 405)
                && (m.getKey().equals("validation.request.path.missing")
                        || m.getKey().equals("validation.request.operation.notAllowed"))) {
            return true;
        }
        if (m.getKey().equals("validation.response.body.schema.type")
                && PROPERTY_OBJECT.matcher(m.getMessage()).matches()) {
            return true;
        }
        return m.getKey().equals("validation.response.body.schema.additionalProperties")
                && LINKS_OVERRIDE.matcher(m.getMessage()).matches();
    }

    /**
     * Checks a response against the published schema; Data Center paths are checked against the Cloud v1 file.
     *
     * @return the problems found, empty when the response matches (or the path is not an API path)
     */
    static List<String> problems(
            String method, String path, int status, Map<String, List<String>> headers, String body) {
        OpenApiInteractionValidator validator;
        String p = path;
        boolean dataCenter = path.startsWith("/rest/api/");
        if (p.startsWith("/wiki/api/v2/")) {
            validator = V2.VALIDATOR;
        } else if (p.startsWith("/wiki/rest/api/")) {
            validator = V1.VALIDATOR;
        } else if (p.startsWith("/rest/api/") && !p.startsWith("/rest/api/webhooks")) {
            validator = V1.VALIDATOR;
            p = "/wiki" + p;
        } else {
            return List.of();
        }
        SimpleResponse.Builder b = SimpleResponse.Builder.status(status);
        headers.forEach((k, v) -> {
            if (k != null) {
                b.withHeader(k, v);
            }
        });
        if (body != null && !body.isEmpty()) {
            b.withBody(body);
        }
        ValidationReport report =
                validator.validateResponse(p, Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), b.build());
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> !knownGap(m, status, dataCenter))
                .map(m -> m.getKey() + ": " + m.getMessage() + " "
                        + m.getContext().map(Object::toString).orElse(""))
                .toList();
    }
}
