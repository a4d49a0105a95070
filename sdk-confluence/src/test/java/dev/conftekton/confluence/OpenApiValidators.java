package dev.conftekton.confluence;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Atlassian's request/response validator over the project's copies of Atlassian's OpenAPI files,
 * built once per JVM (loading the v2 file takes more than a second).
 */
final class OpenApiValidators {
    private OpenApiValidators() {}

    /** Cloud REST API v2, served under {@code /wiki/api/v2}. */
    static OpenApiInteractionValidator cloudV2() {
        return V2.INSTANCE;
    }

    /** Cloud REST API v1, whose paths already start with {@code /wiki/rest/api}. */
    static OpenApiInteractionValidator cloudV1() {
        return V1.INSTANCE;
    }

    /** The v1 description with the {@code /wiki} prefix removed, as Data Center serves it. */
    static OpenApiInteractionValidator dataCenter() {
        return DataCenter.INSTANCE;
    }

    /**
     * The directory named by the system property {@code conftekton.openapi.dir} (surefire sets
     * it). When that directory does not exist — the property's default assumes the checkout sits
     * next to {@code shared/}, which a git worktree one level deeper does not — the nearest
     * ancestor of the working directory holding {@code shared/confluence-openapi} is used.
     */
    static Path openApiDir() {
        String dir = System.getProperty("conftekton.openapi.dir");
        if (dir != null && !dir.isBlank() && Files.isDirectory(Path.of(dir))) {
            return Path.of(dir);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("confluence-openapi");
            if (Files.isRegularFile(candidate.resolve("confluence-cloud-v2.openapi.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no OpenAPI directory: conftekton.openapi.dir is " + dir
                + " and no ancestor of the working directory holds shared/confluence-openapi;"
                + " pass -Dconftekton.openapi.dir=/path/to/confluence-openapi");
    }

    private static final class V2 {
        static final OpenApiInteractionValidator INSTANCE = OpenApiInteractionValidator.createForSpecificationUrl(
                        openApiDir()
                                .resolve("confluence-cloud-v2.openapi.json")
                                .toUri()
                                .toString())
                .withBasePathOverride("/wiki/api/v2")
                .withResolveCombinators(true)
                .build();
    }

    private static final class V1 {
        static final OpenApiInteractionValidator INSTANCE = OpenApiInteractionValidator.createForSpecificationUrl(
                        openApiDir()
                                .resolve("confluence-cloud-v1.openapi.json")
                                .toUri()
                                .toString())
                .withResolveCombinators(true)
                .build();
    }

    private static final class DataCenter {
        static final OpenApiInteractionValidator INSTANCE = OpenApiInteractionValidator.createForInlineApiSpecification(
                        dataCenterSpec())
                .withResolveCombinators(true)
                .build();

        private static String dataCenterSpec() {
            try {
                String v1 = Files.readString(
                        openApiDir().resolve("confluence-cloud-v1.openapi.json"), StandardCharsets.UTF_8);
                // Every path key of the v1 file is a JSON string starting with "/wiki/rest/api"; no
                // other string in the file starts that way, so this rewrites exactly the paths.
                String rewritten = v1.replace("\"/wiki/rest/api", "\"/rest/api");
                if (rewritten.equals(v1)) {
                    throw new IllegalStateException("the v1 file has no /wiki/rest/api paths to rewrite");
                }
                return rewritten;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
