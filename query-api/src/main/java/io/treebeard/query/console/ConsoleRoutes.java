package io.treebeard.query.console;

import io.treebeard.query.web.HttpCaching;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The web console's routes, ahead of the read API's: the page at {@code /}, its content-hashed assets, and the status
 * document of the pipeline page. Everything else falls through to the read API.
 */
public final class ConsoleRoutes {

    /** The pipeline page's status document. */
    public static final String STATUS = "/console/api/status";

    /** A hashed name never changes its bytes. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** The page keeps its URL: the browser asks every time and gets a 304 while it is unchanged. */
    static final String REVALIDATE = "no-cache";

    private final ConsoleAssets assets;
    private final PipelineStatus status;

    public ConsoleRoutes(ConsoleAssets assets, PipelineStatus status) {
        this.assets = assets;
        this.status = status;
    }

    /** The console's router function. */
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route(RequestPredicates.GET("/").or(RequestPredicates.GET("/console")), this::page)
                .andRoute(RequestPredicates.GET(ConsoleAssets.PREFIX + "{file}"), this::asset)
                .andRoute(RequestPredicates.GET(STATUS), this::status);
    }

    private Mono<ServerResponse> page(ServerRequest request) {
        ConsoleAssets.Asset page = assets.page();
        if (HttpCaching.matches(request.headers().firstHeader(HttpHeaders.IF_NONE_MATCH), page.etag())) {
            return ServerResponse.status(HttpStatus.NOT_MODIFIED).eTag(page.etag()).header(HttpHeaders.CACHE_CONTROL, REVALIDATE)
                    .header(HttpHeaders.VARY, HttpCaching.VARY_ENCODING).build();
        }
        return bytes(ServerResponse.ok().eTag(page.etag()).header(HttpHeaders.CACHE_CONTROL, REVALIDATE), page);
    }

    private Mono<ServerResponse> asset(ServerRequest request) {
        ConsoleAssets.Asset asset = assets.at(request.uri().getRawPath());
        if (asset == null) {
            return ServerResponse.status(HttpStatus.NOT_FOUND).header(HttpHeaders.CACHE_CONTROL, HttpCaching.NO_STORE).build();
        }
        if (HttpCaching.matches(request.headers().firstHeader(HttpHeaders.IF_NONE_MATCH), asset.etag())) {
            return ServerResponse.status(HttpStatus.NOT_MODIFIED).eTag(asset.etag()).header(HttpHeaders.CACHE_CONTROL, IMMUTABLE).build();
        }
        return bytes(ServerResponse.ok().eTag(asset.etag()).header(HttpHeaders.CACHE_CONTROL, IMMUTABLE), asset);
    }

    private Mono<ServerResponse> status(ServerRequest request) {
        return Mono.fromFuture(status.status()).flatMap(body -> write(ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, HttpCaching.NO_STORE), body));
    }

    private static Mono<ServerResponse> bytes(ServerResponse.BodyBuilder builder, ConsoleAssets.Asset asset) {
        return write(builder.header(HttpHeaders.VARY, HttpCaching.VARY_ENCODING).contentType(MediaType.parseMediaType(asset.contentType())),
                asset.body());
    }

    private static Mono<ServerResponse> write(ServerResponse.BodyBuilder builder, byte[] body) {
        return builder.contentLength(body.length).build((exchange, context) -> {
            ServerHttpResponse response = exchange.getResponse();
            return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
        });
    }
}
