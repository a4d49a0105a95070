package dev.conftekton.confluence.internal;

import dev.conftekton.confluence.PropertyService;
import dev.conftekton.confluence.VersionConflictException;
import dev.conftekton.confluence.model.ContentProperty;
import dev.conftekton.core.error.BadRequestException;
import dev.conftekton.core.error.ConflictException;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** Content properties of pages through Cloud REST v2, which addresses them by numeric id. */
final class CloudProperties implements PropertyService {
    private final Api api;

    CloudProperties(Api api) {
        this.api = api;
    }

    private String base(String pageId) {
        return api.v2("/pages/" + Paths.numericId(pageId, "page id") + "/properties");
    }

    @Override
    public Optional<ContentProperty> get(String pageId, String key, RequestOptions options) {
        PropertyValues.key(key);
        Json.Node root = api.json(
                Api.get(base(pageId)).query("key", key).build(),
                options,
                Api.Target.of("page " + pageId, "read property " + key + " of"));
        for (Json.Node n : root.get("results").required().items()) {
            ContentProperty p = Mappers.v2Property(n);
            if (p.key().equals(key)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public AutoPager<ContentProperty> list(String pageId, RequestOptions options) {
        return api.list(
                Api.get(base(pageId))
                        .query("limit", String.valueOf(Api.PAGE_SIZE))
                        .build(),
                options,
                Api.Target.of("page " + pageId, "list the properties of"),
                Mappers::v2Property);
    }

    @Override
    public ContentProperty create(String pageId, String key, String value, RequestOptions options) {
        PropertyValues.key(key);
        String json = Json.ObjectWriter.object()
                .put("key", key)
                .putRaw("value", PropertyValues.value(value, key))
                .toJson();
        return Mappers.v2Property(api.json(
                Api.post(base(pageId), json).build(),
                options,
                Api.Target.write("property " + key + " of page " + pageId, "create", pageId + "/" + key, 1)));
    }

    @Override
    public ContentProperty update(String pageId, ContentProperty current, String value, RequestOptions options) {
        Objects.requireNonNull(current, "current");
        if (current.id() == null) {
            throw new IllegalArgumentException(
                    "property " + current.key() + " has no id; read it from Confluence Cloud" + " before updating it");
        }
        int next = current.version() + 1;
        String json = Json.ObjectWriter.object()
                .put("key", current.key())
                .putRaw("value", PropertyValues.value(value, current.key()))
                .put("version", Json.ObjectWriter.object().put("number", next))
                .toJson();
        return Mappers.v2Property(api.json(
                Api.put(base(pageId) + "/" + Paths.numericId(current.id(), "property id"), json)
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
        return updateWithRetry(this, api.conflictAttempts, pageId, key, change, options);
    }

    /** The loop shared by both flavours: a concurrent create counts as a conflict too. */
    static ContentProperty updateWithRetry(
            PropertyService service,
            int attempts,
            String pageId,
            String key,
            Function<Optional<ContentProperty>, String> change,
            RequestOptions options) {
        return Conflicts.retry(attempts, "property " + key + " of page " + pageId, () -> {
            Optional<ContentProperty> current = service.get(pageId, key, options);
            String value = change.apply(current);
            if (value == null) {
                return current.orElse(null);
            }
            if (current.isPresent()) {
                return service.update(pageId, current.get(), value, options);
            }
            try {
                return service.create(pageId, key, value, options);
            } catch (ConflictException | BadRequestException e) {
                // Someone created it between our read and our create (Confluence answers 409, or 400
                // "key already exists" on some versions): read it again and re-apply.
                if (service.get(pageId, key, options).isPresent()) {
                    throw new VersionConflictException(
                            "property " + key + " of page " + pageId + " was created concurrently",
                            e.statusCode(),
                            e.requestId().orElse(null),
                            e.headers(),
                            e.bodyExcerpt(),
                            pageId + "/" + key,
                            1);
                }
                throw e;
            }
        });
    }

    @Override
    public void delete(String pageId, ContentProperty property, RequestOptions options) {
        Objects.requireNonNull(property, "property");
        if (property.id() == null) {
            throw new IllegalArgumentException("property " + property.key() + " has no id; read it first");
        }
        api.send(
                Api.delete(base(pageId) + "/" + Paths.numericId(property.id(), "property id"))
                        .build(),
                options,
                Api.Target.of("property " + property.key() + " of page " + pageId, "delete"));
    }
}
