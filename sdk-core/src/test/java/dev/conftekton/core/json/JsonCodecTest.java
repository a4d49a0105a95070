package dev.conftekton.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.core.error.DecodingException;
import dev.conftekton.core.testing.LeakWitness;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
    private final JsonCodec json = JsonCodec.defaults();

    enum Status {
        @JsonName("current")
        CURRENT,
        DRAFT
    }

    record Version(@Required int number, String message, Instant createdAt) {}

    record Links(String next, @JsonName("webui") String webUi) {}

    record PageBody(
            @Required String id,
            String title,
            Status status,
            Version version,
            Optional<String> parentId,
            List<String> labels,
            Map<String, Integer> counts,
            OffsetDateTime updated,
            LocalDate due,
            @JsonName("_links") Links links) {}

    record Wrapper<T>(List<T> results) {}

    @Test
    void decodesRecordsWithRenamedFieldsEnumsTimeAndIgnoresUnknownFields() {
        String text =
                """
                {"id":"42","title":"Home","status":"current",
                 "version":{"number":3,"createdAt":"2024-05-01T10:00:00.123Z","extra":[1,{"a":null}]},
                 "updated":"2024-05-01T12:00:00.000+0200","due":"2024-06-30",
                 "_links":{"next":"/x?cursor=1","webui":"/spaces/D"},"surprise":{"deep":[true]}}
                """;

        PageBody p = json.fromJson(text, PageBody.class);

        assertThat(p.id()).isEqualTo("42");
        assertThat(p.status()).isEqualTo(Status.CURRENT);
        assertThat(p.version().number()).isEqualTo(3);
        assertThat(p.version().createdAt()).isEqualTo(Instant.parse("2024-05-01T10:00:00.123Z"));
        assertThat(p.updated().toInstant()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(p.due()).isEqualTo(LocalDate.of(2024, 6, 30));
        assertThat(p.links().webUi()).isEqualTo("/spaces/D");
        assertThat(p.parentId()).isEmpty();
        assertThat(p.labels()).isEmpty();
        assertThat(p.counts()).isEmpty();
    }

    @Test
    void nullsBecomeEmptyOptionalsAndCollections() {
        PageBody p = json.fromJson(
                "{\"id\":\"1\",\"title\":null,\"parentId\":null,\"labels\":null,\"counts\":null}", PageBody.class);

        assertThat(p.title()).isNull();
        assertThat(p.parentId()).isEmpty();
        assertThat(p.labels()).isEmpty();
        assertThat(p.counts()).isEmpty();
    }

    @Test
    void missingRequiredFieldIsNamedWithItsPath() {
        Throwable thrown = LeakWitness.thrown(
                () -> json.fromJson("{\"id\":\"1\",\"version\":{\"message\":\"m\"}}", PageBody.class));

        assertThat(thrown)
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("'number'")
                .hasMessageContaining("Version")
                .hasMessageContaining("$.version");
    }

    @Test
    void nullForAPrimitiveIsNamed() {
        Throwable thrown = LeakWitness.thrown(() -> json.fromJson("{\"number\":null}", Version.class));

        assertThat(thrown)
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("'number'")
                .hasMessageContaining("null");
    }

    @Test
    void wrongTypeAndUnknownEnumValueAreReportedWithPath() {
        assertThat(LeakWitness.thrown(() -> json.fromJson("{\"number\":\"three\"}", Version.class)))
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("$.number");
        assertThat(LeakWitness.thrown(() -> json.fromJson("{\"id\":\"1\",\"status\":\"archived\"}", PageBody.class)))
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("archived")
                .hasMessageContaining("current");
    }

    @Test
    void malformedAndTruncatedJsonFailAsDecodingErrors() {
        assertThat(LeakWitness.thrown(() -> json.fromJson("{\"id\":", PageBody.class)))
                .isInstanceOf(DecodingException.class);
        assertThat(LeakWitness.thrown(() -> json.fromJson("<html>oops</html>", PageBody.class)))
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("not valid JSON");
        assertThat(LeakWitness.thrown(() -> json.fromJson("{\"id\":\"1\"} trailing", PageBody.class)))
                .isInstanceOf(DecodingException.class);
    }

    @Test
    void deeplyNestedInputFailsCleanly() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        assertThat(LeakWitness.thrown(() -> json.fromJson(deep, Object.class))).isInstanceOf(DecodingException.class);
    }

    @Test
    void genericRecordsAndCollectionsThroughTypes() {
        Wrapper<Version> w = json.fromJson(
                "{\"results\":[{\"number\":1},{\"number\":2}]}", Types.parameterized(Wrapper.class, Version.class));
        Map<String, List<Integer>> m =
                json.fromJson("{\"a\":[1,2]}", Types.mapOf(String.class, Types.listOf(Integer.class)));

        assertThat(w.results()).extracting(Version::number).containsExactly(1, 2);
        assertThat(m).containsEntry("a", List.of(1, 2));
    }

    @Test
    void writesRecordsLeavingOutNullsAndEmptyOptionals() {
        PageBody p = new PageBody(
                "7",
                "T \"quoted\"",
                Status.CURRENT,
                new Version(2, null, Instant.parse("2024-01-01T00:00:00Z")),
                Optional.empty(),
                List.of("a"),
                Map.of(),
                null,
                null,
                null);

        String text = json.toJson(p);

        assertThat(text)
                .isEqualTo("{\"id\":\"7\",\"title\":\"T \\\"quoted\\\"\",\"status\":\"current\",\"version\":"
                        + "{\"number\":2,\"createdAt\":\"2024-01-01T00:00:00Z\"},\"labels\":[\"a\"],\"counts\":{}}");
        assertThat(json.fromJson(text, PageBody.class)).isEqualTo(p);
    }

    @Test
    void invalidRecordValuesRejectedByTheCompactConstructorBecomeDecodingErrors() {
        record Positive(int n) {
            Positive {
                if (n <= 0) {
                    throw new IllegalArgumentException("n must be positive");
                }
            }
        }

        assertThat(LeakWitness.thrown(() -> json.fromJson("{\"n\":-1}", Positive.class)))
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("n must be positive");
    }
}
