package io.treebeard.query.web;

import io.netty.channel.EventLoop;
import io.treebeard.query.admin.QueryAnalysis;
import io.treebeard.query.metrics.QueryMetrics;
import io.treebeard.query.read.CacheStatus;
import io.treebeard.query.read.Deadlines;
import io.treebeard.query.read.NotFoundException;
import io.treebeard.query.read.RateLimiter;
import io.treebeard.query.read.ReadPath;
import io.treebeard.query.read.ReadResult;
import io.treebeard.query.read.SourceUnavailableException;
import io.treebeard.service.auth.ApiKeys;
import io.treebeard.service.auth.Right;
import io.treebeard.service.web.ProblemError;
import io.treebeard.service.web.Problems;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * The thin HTTP adapter: routing, validation, API keys, rate limiting and the request deadline, then one call into the
 * framework-free {@link ReadPath}, whose bytes are written as they are. Every outcome is an answer: data, or an RFC 9457
 * problem; nothing is left to the framework's error handling.
 */
public final class QueryHandler {

    /** Header carrying how a data response was served. */
    public static final String CACHE_STATUS = "X-Cache-Status";

    private static final Logger LOG = LoggerFactory.getLogger(QueryHandler.class);
    private static final MediaType PROBLEM = MediaType.parseMediaType(Problems.MEDIA_TYPE);

    private final ReadPath readPath;
    private final QueryAnalysis analysis;
    private final ApiKeys apiKeys;
    private final RateLimiter rateLimiter;
    private final QueryMetrics metrics;
    private final Duration deadline;
    private final String retryAfterSeconds;
    private final byte[] openApi;

    /**
     * @param rateLimiter null when rate limiting is off
     * @param retryAfter  the Retry-After of 503 and 504 answers
     */
    public QueryHandler(ReadPath readPath, QueryAnalysis analysis, ApiKeys apiKeys, RateLimiter rateLimiter, QueryMetrics metrics,
            Duration deadline, Duration retryAfter, byte[] openApi) {
        this.readPath = readPath;
        this.analysis = analysis;
        this.apiKeys = apiKeys;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.deadline = deadline;
        this.retryAfterSeconds = Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
        this.openApi = openApi.clone();
    }

    /** Answers any request. */
    public Mono<ServerResponse> handle(ServerRequest request) {
        long started = System.nanoTime();
        String path = request.uri().getRawPath();
        Routes.Match match;
        try {
            match = Routes.match(request.method().name(), path);
        } catch (BadRequestException e) {
            return problem(started, "invalid", 400, "Bad Request", e.getMessage(), path, e.parameter(), null);
        }
        if (match.kind() == Routes.Kind.NOT_FOUND) {
            return problem(started, "unknown", 404, "Not Found", "No resource at this path", path, null, null);
        }
        Route route = match.route();
        if (match.kind() == Routes.Kind.METHOD_NOT_ALLOWED) {
            return problem(started, route.tag(), 405, "Method Not Allowed", "Only GET is allowed here", path, null, null);
        }
        if (route == Route.OPENAPI) {
            return cached(started, route, request, openApi, null);
        }
        ApiKeys.Access access = apiKeys.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION),
                request.headers().firstHeader(ApiKeys.API_KEY_HEADER), route == Route.QUERY_ANALYSIS ? Right.ADMIN : Right.READ);
        if (!access.granted()) {
            return problem(started, route.tag(), access.status(), access.title(), access.detail(), path, "Authorization", null);
        }
        if (rateLimiter != null) {
            long wait = rateLimiter.acquire(access.key().name());
            if (wait > 0) {
                return problem(started, route.tag(), 429, "Too Many Requests", "Rate limit exceeded", path, null, Long.toString(wait));
            }
        }
        CompletableFuture<?> work;
        try {
            work = start(route, match.id(), request);
        } catch (BadRequestException e) {
            return problem(started, route.tag(), 400, "Bad Request", e.getMessage(), path, e.parameter(), null);
        }
        return Mono.fromFuture(Deadlines.within(work, deadline))
                .transform(answer -> onConnectionEventLoop(request, answer))
                .flatMap(result -> result instanceof ReadResult read
                        ? cached(started, route, request, read.body(), read.cacheStatus())
                        : respond(started, route, 200, MediaType.APPLICATION_JSON, (byte[]) result, null, null))
                .onErrorResume(error -> failure(started, route, path, error));
    }

    /**
     * Moves the completion of {@code answer} onto the event loop of the request's connection. The read path completes on
     * Lettuce, database or scheduler threads; a response written from there is flushed before reactor-netty has ended the
     * request on its event loop, so a keep-alive client's next request can arrive while the previous one still looks
     * active. Reactor Netty then buffers that request, and once the buffered request is answered it stops reading the
     * connection (reactor/reactor-netty#4361, reported on 1.3.7; this build runs 1.3.6): the next request is never read
     * and the client waits forever. Written and ended on the event loop, in one task, a response cannot race the next
     * request's read.
     */
    static <T> Mono<T> onConnectionEventLoop(ServerRequest request, Mono<T> answer) {
        EventLoop loop = eventLoop(request);
        if (loop == null) {
            return answer;
        }
        return answer.publishOn(Schedulers.fromExecutor(loop));
    }

    private static EventLoop eventLoop(ServerRequest request) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request.exchange().getRequest());
        return nativeRequest instanceof Connection connection ? connection.channel().eventLoop() : null;
    }

    private CompletableFuture<?> start(Route route, String id, ServerRequest request) {
        switch (route) {
            case RECOMMENDATION:
                return readPath.recommendation(id);
            case PROFILE:
                return readPath.profile(id);
            case PLAN:
                return readPath.plan(id);
            case USAGE_ANALYSIS:
                return readPath.usageAnalysis(id);
            case CATALOG:
                return readPath.catalog(CatalogParams.parse(QueryStrings.parse(request.uri().getRawQuery())));
            case QUERY_ANALYSIS:
                String mode = QueryStrings.parse(request.uri().getRawQuery()).getOrDefault("mode", java.util.List.of("health")).get(0);
                return analysis.run(mode);
            default:
                throw new IllegalStateException("unrouted " + route);
        }
    }

    private Mono<ServerResponse> failure(long started, Route route, String path, Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof NotFoundException) {
            return problem(started, route.tag(), 404, "Not Found", e.getMessage(), path, null, null);
        }
        if (e instanceof BadRequestException bad) {
            return problem(started, route.tag(), 400, "Bad Request", bad.getMessage(), path, bad.parameter(), null);
        }
        if (e instanceof SourceUnavailableException) {
            LOG.warn("Database unavailable for {}: {}", path, e.getMessage());
            return problem(started, route.tag(), 503, "Service Unavailable", "The data is not cached and the database is unavailable",
                    path, null, retryAfterSeconds);
        }
        if (e instanceof TimeoutException) {
            LOG.warn("Request {} missed its deadline of {} ms", path, deadline.toMillis());
            return problem(started, route.tag(), 504, "Gateway Timeout", "No answer within the request deadline", path, null,
                    retryAfterSeconds);
        }
        LOG.error("Request {} failed", path, e);
        return problem(started, route.tag(), 500, "Internal Server Error", "Unexpected error", path, null, null);
    }

    /**
     * A 200 with its validator and freshness ({@link HttpCaching}), or a 304 without a body when the client's
     * {@code If-None-Match} names the body it would get.
     */
    private Mono<ServerResponse> cached(long started, Route route, ServerRequest request, byte[] body, CacheStatus cacheStatus) {
        String etag = HttpCaching.etag(route, body);
        String cacheControl = HttpCaching.cacheControl(route);
        if (HttpCaching.matches(request.headers().firstHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
            metrics.request(route.tag(), cacheStatus == null ? "none" : cacheStatus.name(), 304, System.nanoTime() - started);
            ServerResponse.BodyBuilder builder = ServerResponse.status(304).header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.CACHE_CONTROL, cacheControl).header(HttpHeaders.VARY, HttpCaching.VARY);
            if (cacheStatus != null) {
                builder.header(CACHE_STATUS, cacheStatus.name());
            }
            return builder.build();
        }
        metrics.request(route.tag(), cacheStatus == null ? "none" : cacheStatus.name(), 200, System.nanoTime() - started);
        ServerResponse.BodyBuilder builder = ServerResponse.status(200).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, cacheControl).header(HttpHeaders.VARY, HttpCaching.VARY);
        if (etag != null) {
            builder.header(HttpHeaders.ETAG, etag);
        }
        if (cacheStatus != null) {
            builder.header(CACHE_STATUS, cacheStatus.name());
        }
        return write(builder, body);
    }

    private Mono<ServerResponse> respond(long started, Route route, int status, MediaType type, byte[] body, CacheStatus cacheStatus,
            String retryAfter) {
        metrics.request(route.tag(), cacheStatus == null ? "none" : cacheStatus.name(), status, System.nanoTime() - started);
        ServerResponse.BodyBuilder builder = ServerResponse.status(status).contentType(type);
        if (cacheStatus != null) {
            builder.header(CACHE_STATUS, cacheStatus.name());
        }
        if (retryAfter != null) {
            builder.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        if (status == 405) {
            builder.header(HttpHeaders.ALLOW, "GET, HEAD");
        }
        if (status == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return write(builder, body);
    }

    private Mono<ServerResponse> problem(long started, String routeTag, int status, String title, String detail, String path,
            String field, String retryAfter) {
        metrics.request(routeTag, "none", status, System.nanoTime() - started);
        ServerResponse.BodyBuilder builder = ServerResponse.status(status).contentType(PROBLEM)
                .header(HttpHeaders.CACHE_CONTROL, HttpCaching.NO_STORE);
        if (retryAfter != null) {
            builder.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        if (status == 405) {
            builder.header(HttpHeaders.ALLOW, "GET, HEAD");
        }
        if (status == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        List<ProblemError> errors = field == null ? List.of() : List.of(ProblemError.of(field, detail));
        return write(builder, Problems.json(status, title, detail, path, errors));
    }

    /**
     * Writes {@code body} as it is. {@code bodyValue} would look up a codec for every response (type resolution and a
     * walk over every registered writer); the bytes are final already, so they go straight to the connection.
     */
    private static Mono<ServerResponse> write(ServerResponse.BodyBuilder builder, byte[] body) {
        return builder.contentLength(body.length).build((exchange, context) -> {
            ServerHttpResponse response = exchange.getResponse();
            return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
        });
    }

}
