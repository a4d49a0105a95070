package dev.conftekton.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersTest {

    @Test
    void namesAreCaseInsensitiveAndRepeatedValuesKeepTheirOrder() {
        Headers h = Headers.builder()
                .add("Accept", "application/json")
                .add("X-Trace", "a")
                .add("ACCEPT", "text/plain")
                .build();

        assertThat(h.first("accept")).contains("application/json");
        assertThat(h.all("Accept")).containsExactly("application/json", "text/plain");
        assertThat(h.all("x-missing")).isEmpty();
        assertThat(h.contains("x-TRACE")).isTrue();
        assertThat(h.size()).isEqualTo(3);
        assertThat(h.names()).containsExactly("accept", "x-trace");
        assertThat(h.toMap())
                .containsExactly(
                        Map.entry("accept", List.of("application/json", "text/plain")),
                        Map.entry("x-trace", List.of("a")));
    }

    @Test
    void setReplacesEveryValueAndRemoveDropsThemAll() {
        Headers h = Headers.builder()
                .add("A", "1")
                .add("B", "2")
                .add("a", "3")
                .set("A", "4")
                .build();
        assertThat(h.all("a")).containsExactly("4");
        assertThat(h.all("b")).containsExactly("2");

        Headers removed = h.newBuilder().remove("B").remove("a").build();
        assertThat(removed.isEmpty()).isTrue();
        assertThat(removed).isEqualTo(Headers.empty());
        assertThat(h.size()).isEqualTo(2); // the original is untouched
    }

    @Test
    void forEachGivesNamesAsGivenInOrderOfArrivalWhileLookupsAndTheMapIgnoreCase() {
        Headers h = Headers.of("X-One", "1", "Content-Type", "text/plain", "x-one", "2");
        List<String> seen = new ArrayList<>();
        h.forEach((name, value) -> seen.add(name + "=" + value));
        assertThat(seen).containsExactly("X-One=1", "Content-Type=text/plain", "x-one=2");
        assertThat(h.all("X-ONE")).containsExactly("1", "2");
        assertThat(h.names()).containsExactly("x-one", "content-type");
        assertThat(h.with("x-ONE", "3").all("X-One")).containsExactly("3");
        assertThat(h.newBuilder().remove("CONTENT-type").build().contains("content-type"))
                .isFalse();
    }

    @Test
    void equalityIgnoresTheCaseOfNamesAndTheInterleavingOfDifferentNames() {
        Headers a = Headers.of("A", "1", "B", "2", "A", "3");
        Headers b = Headers.of("b", "2", "a", "1", "a", "3");
        Headers c = Headers.of("a", "3", "a", "1", "b", "2");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(c); // values of one name are ordered
    }

    @Test
    void addAllAppendsWithoutCheckingAgainAndCopiesTheOtherSide() {
        Headers base = Headers.of("A", "1");
        Headers both = Headers.builder().add("A", "0").addAll(base).build();
        assertThat(both.all("a")).containsExactly("0", "1");
    }

    @Test
    void credentialValuesNeverShowInToString() {
        Headers h = Headers.of("Authorization", "Bearer s3cr3t-value", "Cookie", "sid=abc", "Accept", "*/*");
        assertThat(h.toString()).doesNotContain("s3cr3t-value", "sid=abc").contains("accept=[*/*]");
    }

    @Test
    void headerInjectionIsRefusedWithoutEchoingTheValue() {
        assertThatThrownBy(() -> Headers.builder().add("X-A", "ok\r\nInjected: yes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("Injected");
        assertThatThrownBy(() -> Headers.builder().set("Bad Name", "v")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withHeaderReplacesOneHeaderAndKeepsTheRestOfTheRequest() {
        HttpRequest r = HttpRequest.get("https://example.test/wiki/api?x=1")
                .newBuilder()
                .header("Authorization", "Bearer old")
                .header("Accept", "application/json")
                .build();
        HttpRequest w = r.withHeader("authorization", "Bearer new");
        assertThat(w.headers().all("Authorization")).containsExactly("Bearer new");
        assertThat(w.headers().first("Accept")).contains("application/json");
        assertThat(w.uri()).isEqualTo(r.uri());
        assertThat(w.method()).isEqualTo("GET");
        assertThat(r.headers().first("Authorization")).contains("Bearer old");
        assertThatThrownBy(() -> r.withHeader("X", "a\nb")).isInstanceOf(IllegalArgumentException.class);
    }
}
