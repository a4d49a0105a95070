package dev.conftekton.confluence.internal;

import dev.conftekton.confluence.SpaceService;
import dev.conftekton.confluence.model.Space;
import dev.conftekton.core.error.NotFoundException;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;
import java.util.List;

/** Spaces through Cloud REST v2. */
final class CloudSpaces implements SpaceService {
    private final Api api;

    CloudSpaces(Api api) {
        this.api = api;
    }

    @Override
    public Space byKey(String key, RequestOptions options) {
        Paths.segment(key, "space key");
        Api.Target target = Api.Target.of("space " + key, "read");
        Json.Node root = api.json(Api.get(api.v2("/spaces")).query("keys", key).build(), options, target);
        List<Json.Node> results = root.get("results").required().items();
        for (Json.Node n : results) {
            Space s = Mappers.v2Space(n);
            if (s.key().equals(key)) {
                return s;
            }
        }
        throw new NotFoundException(
                "space " + key + " does not exist or this user cannot see it (the space list for key " + key
                        + " was empty). Check the key's spelling and case and the user's space permissions.",
                404,
                null,
                null,
                "");
    }

    @Override
    public Space byId(String id, RequestOptions options) {
        Paths.numericId(id, "space id");
        return Mappers.v2Space(
                api.json(Api.get(api.v2("/spaces/" + id)).build(), options, Api.Target.of("space " + id, "read")));
    }

    @Override
    public AutoPager<Space> list(RequestOptions options) {
        return api.list(
                Api.get(api.v2("/spaces"))
                        .query("limit", String.valueOf(Api.PAGE_SIZE))
                        .build(),
                options,
                Api.Target.of("spaces", "list"),
                Mappers::v2Space);
    }
}
