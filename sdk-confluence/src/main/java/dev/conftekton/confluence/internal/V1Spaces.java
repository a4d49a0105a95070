package dev.conftekton.confluence.internal;

import dev.conftekton.confluence.SpaceService;
import dev.conftekton.confluence.model.Space;
import dev.conftekton.core.error.NotFoundException;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;

/** Spaces through the v1 API (Data Center). */
final class V1Spaces implements SpaceService {
    private final Api api;

    V1Spaces(Api api) {
        this.api = api;
    }

    @Override
    public Space byKey(String key, RequestOptions options) {
        String segment = Paths.segment(key, "space key");
        return Mappers.v1Space(api.json(
                Api.get(api.v1("/space/" + segment)).query("expand", "homepage").build(),
                options,
                Api.Target.of("space " + key, "read")));
    }

    @Override
    public Space byId(String id, RequestOptions options) {
        Paths.numericId(id, "space id");
        Json.Node root = api.json(
                Api.get(api.v1("/space")).query("spaceId", id).build(), options, Api.Target.of("space " + id, "read"));
        for (Json.Node n : root.get("results").required().items()) {
            Space s = Mappers.v1Space(n);
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new NotFoundException(
                "space " + id + " does not exist or this user cannot see it (the space list for id " + id
                        + " was empty)",
                404,
                null,
                null,
                "");
    }

    @Override
    public AutoPager<Space> list(RequestOptions options) {
        return api.list(
                Api.get(api.v1("/space"))
                        .query("limit", String.valueOf(Api.PAGE_SIZE))
                        .build(),
                options,
                Api.Target.of("spaces", "list"),
                Mappers::v1Space);
    }
}
