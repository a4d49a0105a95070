package dev.conftekton.confluence.internal;

import dev.conftekton.confluence.SearchService;
import dev.conftekton.confluence.model.PageSummary;
import dev.conftekton.confluence.model.SearchResult;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;
import java.util.List;
import java.util.Objects;

/** CQL search through v1 {@code /search} and {@code /content/search}. */
final class V1Search implements SearchService {
    /** Confluence caps search pages (25-50 with expansions); asking for more is silently reduced. */
    private static final int SEARCH_PAGE = 50;

    private final Api api;

    V1Search(Api api) {
        this.api = api;
    }

    @Override
    public AutoPager<SearchResult> cql(String cql, RequestOptions options) {
        String q = checkCql(cql);
        return api.list(
                Api.get(api.v1("/search"))
                        .query("cql", q)
                        .query("limit", String.valueOf(SEARCH_PAGE))
                        .build(),
                options,
                Api.Target.of("CQL search", "run"),
                Mappers::searchResult);
    }

    @Override
    public AutoPager<PageSummary> content(String cql, List<String> expand, RequestOptions options) {
        String q = checkCql(cql);
        Objects.requireNonNull(expand, "expand");
        var request = Api.get(api.v1("/content/search")).query("cql", q).query("limit", String.valueOf(SEARCH_PAGE));
        String joined = String.join(
                ",",
                expand.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
        if (!joined.isEmpty()) {
            request.query("expand", joined);
        }
        return api.list(request.build(), options, Api.Target.of("CQL content search", "run"), Mappers::v1Summary);
    }

    private static String checkCql(String cql) {
        Objects.requireNonNull(cql, "cql");
        if (cql.isBlank()) {
            throw new IllegalArgumentException("the CQL query is empty");
        }
        return cql;
    }
}
