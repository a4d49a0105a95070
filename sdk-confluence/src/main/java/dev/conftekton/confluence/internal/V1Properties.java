package dev.conftekton.confluence.internal;

import dev.conftekton.confluence.PropertyService;
import dev.conftekton.confluence.model.ContentProperty;
import dev.conftekton.core.error.NotFoundException;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** Content properties through the v1 API (Data Center), addressed by key. */
final class V1Properties implements PropertyService {
    private final Api api;

    V1Properties(Api api) {
        this.api = api;
    }

    private String base(String pageId) {
        return api.v1("/content/" + Paths.numericId(pageId, "page id") + "/property");
    }

    @Override
    public Optional<ContentProperty> get(String pageId, String key, RequestOptions options) {
        String segment = Paths.segment(PropertyValues.key(key), "property key");
        try {
            return Optional.of(Mappers.v1Property(api.json(
                    Api.get(base(pageId) + "/" + segment)
                            .query("expand", "version")
                            .build(),
                    options,
                    Api.Target.of("property " + key + " of page " + pageId, "read"))));
        } catch (NotFoundException e) {
            // 404 means "no such property" — unless the page itself is missing, which the next
            // call on it reports; a property read cannot tell the two apart.
            return Optional.empty();
        }
    }

    @Override
    public AutoPager<ContentProperty> list(String pageId, RequestOptions options) {
        return api.list(
                Api.get(base(pageId))
                        .query("expand", "version")
                        .query("limit", String.valueOf(Api.PAGE_SIZE))
                        .build(),
                options,
                Api.Target.of("page " + pageId, "list the properties of"),
                Mappers::v1Property);
    }

    @Override
    public ContentProperty create(String pageId, String key, String value, RequestOptions options) {
        PropertyValues.key(key);
        String json = Json.ObjectWriter.object()
                .put("key", key)
                .putRaw("value", PropertyValues.value(value, key))
                .toJson();
        return Mappers.v1Property(api.json(
                Api.post(base(pageId), json).build(),
                options,
                Api.Target.write("property " + key + " of page " + pageId, "create", pageId + "/" + key, 1)));
    }

    @Override
    public ContentProperty update(String pageId, ContentProperty current, String value, RequestOptions options) {
        Objects.requireNonNull(current, "current");
        int next = current.version() + 1;
        // ContentPropertyUpdate carries no key (it is in the path).
        String json = Json.ObjectWriter.object()
                .putRaw("value", PropertyValues.value(value, current.key()))
                .put("version", Json.ObjectWriter.object().put("number", next).put("minorEdit", true))
                .toJson();
        return Mappers.v1Property(api.json(
                Api.put(base(pageId) + "/" + Paths.segment(current.key(), "property key"), json)
                        .build(),
                options,
                Api.Target.write(
                        "property " + current.key() + " of page " + pageId,
                        "update",
                        pageId + "/" + current.key(),
                        next)));
    }

    @Override
    public ContentProperty updateWithRetry(
            String pageId, String key, Function<Optional<ContentProperty>, String> change, RequestOptions options) {
        Objects.requireNonNull(change, "change");
        return CloudProperties.updateWithRetry(this, api.conflictAttempts, pageId, key, change, options);
    }

    @Override
    public void delete(String pageId, ContentProperty property, RequestOptions options) {
        Objects.requireNonNull(property, "property");
        api.send(
                Api.delete(base(pageId) + "/" + Paths.segment(property.key(), "property key"))
                        .build(),
                options,
                Api.Target.of("property " + property.key() + " of page " + pageId, "delete"));
    }
}
