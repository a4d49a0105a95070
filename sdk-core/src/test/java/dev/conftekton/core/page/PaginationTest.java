package dev.conftekton.core.page;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.core.error.DecodingException;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.RestClient;
import dev.conftekton.core.retry.RetryPolicy;
import dev.conftekton.core.testing.LeakWitness;
import dev.conftekton.core.testing.SharedTransport;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PaginationTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    static final String TOKEN = LeakWitness.secret("pat-PaginationTest-a81f0c");

    record Item(String id) {}

    private RestClient client(String basePath) {
        return RestClient.builder()
                .baseUrl(wm.baseUrl() + basePath)
                .transport(SharedTransport.get())
                .tokenSource(TokenSource.of(AccessToken.bearer(TOKEN)))
                .retryPolicy(RetryPolicy.none())
                .build();
    }

    private static String results(String... ids) {
        StringBuilder sb = new StringBuilder("[");
        for (String id : ids) {
            sb.append(sb.length() > 1 ? "," : "")
                    .append("{\"id\":\"")
                    .append(id)
                    .append("\"}");
        }
        return sb.append(']').toString();
    }

    private static String v2Body(String next, String... ids) {
        return "{\"results\":" + results(ids) + ",\"_links\":{" + (next == null ? "" : "\"next\":\"" + next + "\",")
                + "\"base\":\"" + wm.baseUrl() + "/wiki\"}}";
    }

    @Test
    void followsSiteRelativeLinkHeaderAcrossPagesWithoutDoublingTheBasePath() {
        wm.stubFor(get(urlPathEqualTo("/wiki/api/v2/pages"))
                .withQueryParam("limit", equalTo("2"))
                .willReturn(okJson(v2Body(null, "1", "2"))
                        .withHeader(
                                "Link",
                                "</wiki/api/v2/pages?cursor=c2&limit=2>; rel=\"next\", <https://x>; rel=\"base\"")));
        wm.stubFor(get(urlPathEqualTo("/wiki/api/v2/pages"))
                .withQueryParam("cursor", equalTo("c2"))
                .willReturn(okJson(v2Body(null, "3", "4"))
                        .withHeader("Link", "</wiki/api/v2/pages?cursor=c3&limit=2>; rel=next")));
        wm.stubFor(get(urlPathEqualTo("/wiki/api/v2/pages"))
                .withQueryParam("cursor", equalTo("c3"))
                .willReturn(okJson(v2Body(null, "5"))));

        Page<Item> first = CursorPages.results(
                client("/wiki"),
                HttpRequest.get("/api/v2/pages")
                        .newBuilder()
                        .query("limit", "2")
                        .build(),
                Item.class);

        assertThat(AutoPager.from(first).stream().map(Item::id)).containsExactly("1", "2", "3", "4", "5");
        wm.verify(
                3,
                getRequestedFor(urlPathEqualTo("/wiki/api/v2/pages"))
                        .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void followsLinksNextInTheBody() {
        wm.stubFor(get(urlPathEqualTo("/wiki/api/v2/spaces"))
                .withQueryParam("cursor", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .willReturn(okJson(v2Body("/wiki/api/v2/spaces?cursor=n1", "a"))));
        wm.stubFor(get(urlPathEqualTo("/wiki/api/v2/spaces"))
                .withQueryParam("cursor", equalTo("n1"))
                .willReturn(okJson(v2Body(null, "b"))));

        Page<Item> first = CursorPages.results(client("/wiki"), HttpRequest.get("/api/v2/spaces"), Item.class);

        assertThat(first.items()).extracting(Item::id).containsExactly("a");
        assertThat(first.hasNextPage()).isTrue();
        Page<Item> last = first.nextPage();
        assertThat(last.items()).extracting(Item::id).containsExactly("b");
        assertThat(last.hasNextPage()).isFalse();
        assertThat(LeakWitness.thrown(last::nextPage)).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void emptyPageWithoutNextEndsIteration() {
        wm.stubFor(get("/wiki/api/v2/pages").willReturn(okJson("{\"results\":[],\"_links\":{}}")));

        Page<Item> first = CursorPages.results(client("/wiki"), HttpRequest.get("/api/v2/pages"), Item.class);

        assertThat(first.items()).isEmpty();
        assertThat(first.hasNextPage()).isFalse();
        assertThat(AutoPager.from(first)).isEmpty();
    }

    @Test
    void emptyPageWithNextLinkIsSkippedOver() {
        wm.stubFor(get(urlPathEqualTo("/wiki/api/v2/pages"))
                .withQueryParam("cursor", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .willReturn(okJson(v2Body("/wiki/api/v2/pages?cursor=z"))));
        wm.stubFor(get(urlPathEqualTo("/wiki/api/v2/pages"))
                .withQueryParam("cursor", equalTo("z"))
                .willReturn(okJson(v2Body(null, "only"))));

        Page<Item> first = CursorPages.results(client("/wiki"), HttpRequest.get("/api/v2/pages"), Item.class);

        assertThat(AutoPager.from(first).stream().map(Item::id)).containsExactly("only");
    }

    @Test
    void malformedNextLinkFailsWithAClearDecodingError() {
        wm.stubFor(get("/wiki/api/v2/pages").willReturn(okJson(v2Body("http://[broken/cursor", "1"))));

        Page<Item> first = CursorPages.results(client("/wiki"), HttpRequest.get("/api/v2/pages"), Item.class);

        assertThat(first.items()).extracting(Item::id).containsExactly("1");
        assertThat(first.hasNextPage()).isTrue();
        assertThat(LeakWitness.thrown(first::nextPage))
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("malformed next-page link");
    }

    @Test
    void malformedLinkHeaderIsIgnoredInFavourOfTheBody() {
        wm.stubFor(get(urlPathEqualTo("/wiki/api/v2/pages"))
                .withQueryParam("cursor", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .willReturn(okJson(v2Body("/wiki/api/v2/pages?cursor=ok", "1"))
                        .withHeader("Link", "</wiki/api/v2/pages?cursor=bad; rel=\"next\"")));
        wm.stubFor(get(urlPathEqualTo("/wiki/api/v2/pages"))
                .withQueryParam("cursor", equalTo("ok"))
                .willReturn(okJson(v2Body(null, "2"))));

        Page<Item> first = CursorPages.results(client("/wiki"), HttpRequest.get("/api/v2/pages"), Item.class);

        assertThat(AutoPager.from(first).stream().map(Item::id)).containsExactly("1", "2");
    }

    @Test
    void nextLinkToAnotherOriginIsRefusedSoCredentialsStayHome() {
        wm.stubFor(
                get("/wiki/api/v2/pages").willReturn(okJson(v2Body("https://attacker.example/collect?cursor=1", "1"))));

        Page<Item> first = CursorPages.results(client("/wiki"), HttpRequest.get("/api/v2/pages"), Item.class);

        assertThat(first.items()).hasSize(1);
        assertThat(LeakWitness.thrown(() -> AutoPager.from(first).stream().toList()))
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("another origin");
    }

    @Test
    void nextLinkRepeatingTheCurrentPageIsRefused() {
        wm.stubFor(get(urlPathEqualTo("/wiki/api/v2/pages"))
                .willReturn(okJson(v2Body("/wiki/api/v2/pages?cursor=same", "1"))));

        Page<Item> first =
                CursorPages.results(client("/wiki"), HttpRequest.get("/api/v2/pages?cursor=same"), Item.class);

        assertThat(LeakWitness.thrown(() -> AutoPager.from(first).stream().toList()))
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("endless loop");
    }

    @Test
    void autoPagerFetchesLazily() {
        wm.stubFor(get(urlPathEqualTo("/wiki/api/v2/pages"))
                .willReturn(okJson(v2Body("/wiki/api/v2/pages?cursor=more", "1", "2"))));

        Page<Item> first = CursorPages.results(client("/wiki"), HttpRequest.get("/api/v2/pages"), Item.class);
        List<String> two = AutoPager.from(first).stream().limit(2).map(Item::id).toList();

        assertThat(two).containsExactly("1", "2");
        wm.verify(1, getRequestedFor(urlPathEqualTo("/wiki/api/v2/pages")));
    }

    @Test
    void customDecoderReceivesTheBody() {
        record Labels(List<Item> labels, String nextUrl) {}
        wm.stubFor(get("/rest/labels").willReturn(okJson("{\"labels\":[{\"id\":\"x\"}]}")));
        RestClient c = client("");

        Page<Item> page = CursorPages.of(c, HttpRequest.get("/rest/labels"), body -> {
            Labels l = c.json().fromJson(body, Labels.class);
            return CursorPages.Chunk.of(l.labels(), l.nextUrl());
        });

        assertThat(page.items()).containsExactly(new Item("x"));
    }

    // ---- offset style ----

    private static String v1Body(int start, int limit, String... ids) {
        return "{\"results\":" + results(ids) + ",\"start\":" + start + ",\"limit\":" + limit + ",\"size\":"
                + ids.length + "}";
    }

    @Test
    void offsetPagingAdvancesStartByItemsReceivedAndStopsAtAShortPage() {
        wm.stubFor(get(urlPathEqualTo("/confluence/rest/api/content"))
                .withQueryParam("start", equalTo("0"))
                .willReturn(okJson(v1Body(0, 2, "1", "2"))));
        wm.stubFor(get(urlPathEqualTo("/confluence/rest/api/content"))
                .withQueryParam("start", equalTo("2"))
                .willReturn(okJson(v1Body(2, 2, "3", "4"))));
        wm.stubFor(get(urlPathEqualTo("/confluence/rest/api/content"))
                .withQueryParam("start", equalTo("4"))
                .willReturn(okJson(v1Body(4, 2, "5"))));

        Page<Item> first = OffsetPages.results(
                client("/confluence"),
                HttpRequest.get("/rest/api/content")
                        .newBuilder()
                        .query("spaceKey", "DOCS")
                        .build(),
                2,
                Item.class);

        assertThat(AutoPager.from(first).stream().map(Item::id)).containsExactly("1", "2", "3", "4", "5");
        wm.verify(
                3,
                getRequestedFor(urlPathEqualTo("/confluence/rest/api/content"))
                        .withQueryParam("spaceKey", equalTo("DOCS"))
                        .withQueryParam("limit", equalTo("2")));
    }

    @Test
    void offsetPagingEndsAtAnEmptyPageWhenTheTotalIsAMultipleOfTheLimit() {
        wm.stubFor(get(urlPathEqualTo("/rest/api/space"))
                .withQueryParam("start", equalTo("0"))
                .willReturn(okJson(v1Body(0, 2, "a", "b"))));
        wm.stubFor(get(urlPathEqualTo("/rest/api/space"))
                .withQueryParam("start", equalTo("2"))
                .willReturn(okJson(v1Body(2, 2))));

        Page<Item> first = OffsetPages.results(client(""), HttpRequest.get("/rest/api/space"), 2, Item.class);

        assertThat(AutoPager.from(first).stream().map(Item::id)).containsExactly("a", "b");
    }

    @Test
    void offsetPagingFollowsTheLimitTheServerApplied() {
        wm.stubFor(get(urlPathEqualTo("/rest/api/space"))
                .withQueryParam("start", equalTo("0"))
                .willReturn(okJson(v1Body(0, 2, "a", "b"))));
        wm.stubFor(get(urlPathEqualTo("/rest/api/space"))
                .withQueryParam("start", equalTo("2"))
                .willReturn(okJson(v1Body(2, 2, "c"))));

        Page<Item> first = OffsetPages.results(client(""), HttpRequest.get("/rest/api/space"), 500, Item.class);

        assertThat(AutoPager.from(first).stream().map(Item::id)).containsExactly("a", "b", "c");
    }

    @Test
    void offsetPagingOfAnEmptyCollection() {
        wm.stubFor(get(urlPathEqualTo("/rest/api/space")).willReturn(okJson(v1Body(0, 25))));

        Page<Item> first = OffsetPages.results(client(""), HttpRequest.get("/rest/api/space"), 25, Item.class);

        assertThat(first.items()).isEmpty();
        assertThat(first.hasNextPage()).isFalse();
    }

    @Test
    void offsetPageWithMalformedBodyNamesTheProblem() {
        wm.stubFor(get(urlPathEqualTo("/rest/api/space")).willReturn(okJson("{\"results\":{\"not\":\"a list\"}}")));

        Throwable thrown = LeakWitness.thrown(
                () -> OffsetPages.results(client(""), HttpRequest.get("/rest/api/space"), 25, Item.class));

        assertThat(thrown).isInstanceOf(DecodingException.class).hasMessageContaining("$.results");
    }
}
