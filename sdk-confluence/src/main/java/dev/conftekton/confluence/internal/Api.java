package dev.conftekton.confluence.internal;

import dev.conftekton.confluence.Flavour;
import dev.conftekton.confluence.VersionConflictException;
import dev.conftekton.core.error.ConflictException;
import dev.conftekton.core.error.NotFoundException;
import dev.conftekton.core.error.PermissionDeniedException;
import dev.conftekton.core.error.ServiceException;
import dev.conftekton.core.error.UnauthorizedException;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.HttpResponse;
import dev.conftekton.core.http.RequestBody;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.http.RestClient;
import dev.conftekton.core.page.AutoPager;
import dev.conftekton.core.page.CursorPages;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The shared plumbing of every service: API path prefixes per flavour, JSON in and out, errors
 * that name the resource, and pagination by {@code _links.next}.
 */
final class Api {
    /** Items asked for per page; Confluence caps v2 at 250 and many v1 endpoints at 100 or less. */
    static final int PAGE_SIZE = 100;

    final RestClient rest;
    final Flavour flavour;
    final int conflictAttempts;

    Api(RestClient rest, Flavour flavour, int conflictAttempts) {
        this.rest = rest;
        this.flavour = flavour;
        this.conflictAttempts = conflictAttempts;
    }

    /** A Cloud REST v2 path (the client's base URL ends in {@code /wiki}). */
    String v2(String path) {
        return "/api/v2" + path;
    }

    /** A REST v1 path: {@code /wiki/rest/api} on Cloud, {@code /rest/api} on Data Center (base URLs differ). */
    String v1(String path) {
        return "/rest/api" + path;
    }

    static HttpRequest.Builder get(String path) {
        return HttpRequest.builder().method("GET").url(path).header("Accept", "application/json");
    }

    static HttpRequest.Builder delete(String path) {
        return HttpRequest.builder().method("DELETE").url(path);
    }

    static HttpRequest.Builder post(String path, String json) {
        return HttpRequest.builder()
                .method("POST")
                .url(path)
                .header("Accept", "application/json")
                .body(RequestBody.json(json));
    }

    static HttpRequest.Builder put(String path, String json) {
        return HttpRequest.builder()
                .method("PUT")
                .url(path)
                .header("Accept", "application/json")
                .body(RequestBody.json(json));
    }

    /** Sends the request and parses the JSON answer. */
    Json.Node json(HttpRequest request, RequestOptions options, Target target) {
        try (HttpResponse response = rest.execute(request, options)) {
            String body = rest.readText(response);
            return Json.parse(body, request.method() + " " + request.url() + " response");
        } catch (ServiceException e) {
            throw target.explain(e);
        }
    }

    /** Sends the request and ignores the answer's body. */
    void send(HttpRequest request, RequestOptions options, Target target) {
        try (HttpResponse response = rest.execute(request, options)) {
            // nothing to read
        } catch (ServiceException e) {
            throw target.explain(e);
        }
    }

    /** Sends the request and returns the raw body. */
    byte[] bytes(HttpRequest request, RequestOptions options, Target target) {
        try (HttpResponse response = rest.execute(request, options)) {
            return response.body().bytes();
        } catch (ServiceException e) {
            throw target.explain(e);
        }
    }

    /**
     * Every item of a paginated list shaped {@code {"results": [...], "_links": {"next": ...}}},
     * each mapped by {@code mapper}; later pages are fetched as the result is iterated.
     */
    <T> AutoPager<T> list(HttpRequest first, RequestOptions options, Target target, Function<Json.Node, T> mapper) {
        return AutoPager.from(page(first, options, target, mapper));
    }

    /** The first page of such a list; {@link dev.conftekton.core.page.Page#nextPage()} fetches the next. */
    <T> dev.conftekton.core.page.Page<T> page(
            HttpRequest first, RequestOptions options, Target target, Function<Json.Node, T> mapper) {
        String what = first.method() + " " + first.url() + " response";
        try {
            return new ExplainingPage<>(
                    CursorPages.of(rest, first, options, body -> {
                        Json.Node root = Json.parse(body, what);
                        List<T> items = new ArrayList<>();
                        for (Json.Node item : root.get("results").required().items()) {
                            items.add(mapper.apply(item));
                        }
                        return CursorPages.Chunk.of(
                                items, root.get("_links").get("next").textOrNull());
                    }),
                    target);
        } catch (ServiceException e) {
            throw target.explain(e);
        }
    }

    /** Wraps core pages so that errors on later pages are explained like those on the first. */
    private record ExplainingPage<T>(dev.conftekton.core.page.Page<T> delegate, Target target)
            implements dev.conftekton.core.page.Page<T> {
        @Override
        public List<T> items() {
            return delegate.items();
        }

        @Override
        public boolean hasNextPage() {
            return delegate.hasNextPage();
        }

        @Override
        public dev.conftekton.core.page.Page<T> nextPage() {
            try {
                return new ExplainingPage<>(delegate.nextPage(), target);
            } catch (ServiceException e) {
                throw target.explain(e);
            }
        }
    }

    /**
     * What a request acts on and does, for error messages: "page 123", "update". {@code version}
     * is the version number a write carries (0 for none), which turns a 409 into a {@link
     * VersionConflictException}.
     */
    record Target(String resource, String action, String contentId, int version) {
        static Target of(String resource, String action) {
            return new Target(resource, action, null, 0);
        }

        static Target write(String resource, String action, String contentId, int version) {
            return new Target(resource, action, contentId, version);
        }

        RuntimeException explain(ServiceException e) {
            String rid = e.requestId().orElse(null);
            String said = ConfluenceErrors.message(e.bodyExcerpt());
            String saidPart = said == null ? "" : " Confluence said: " + said;
            if (e instanceof NotFoundException) {
                return new NotFoundException(
                        resource + " does not exist or this user cannot see it (HTTP 404 on " + action + ")."
                                + saidPart,
                        e.statusCode(),
                        rid,
                        e.headers(),
                        e.bodyExcerpt());
            }
            if (e instanceof PermissionDeniedException) {
                return new PermissionDeniedException(
                        "not permitted to " + action + " " + resource + " (HTTP 403)."
                                + (said == null
                                        ? " Confluence did not say which permission is missing; check the space"
                                                + " and page permissions and the token's scopes."
                                        : " Confluence said: " + said),
                        e.statusCode(),
                        rid,
                        e.headers(),
                        e.bodyExcerpt());
            }
            if (e instanceof ConflictException && version > 0) {
                return new VersionConflictException(
                        "could not " + action + " " + resource + " as version " + version
                                + ": someone else changed it first (HTTP 409). Read it again and re-apply the"
                                + " change, or use updateWithRetry." + saidPart,
                        e.statusCode(),
                        rid,
                        e.headers(),
                        e.bodyExcerpt(),
                        contentId,
                        version);
            }
            if (e instanceof UnauthorizedException) {
                return new UnauthorizedException(
                        "Confluence refused the credentials while trying to " + action + " " + resource
                                + " (HTTP 401, also after a token refresh). Check the e-mail and API token or the"
                                + " token source; scoped API tokens and service accounts must use the"
                                + " api.atlassian.com gateway URL." + saidPart,
                        e.statusCode(),
                        rid,
                        e.headers(),
                        e.bodyExcerpt());
            }
            return e;
        }
    }
}
