package io.treebeard.service.reactive;

import io.treebeard.service.web.Problems;
import io.treebeard.service.web.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The reactive stack's last line: any error that escapes a handler (framework codecs, actuator, malformed requests) is
 * answered as a problem in the shared format, with the request id, never as an HTML page or a stack trace. It replaces
 * Boot's default {@link ErrorWebExceptionHandler}.
 */
public final class ReactiveProblemHandler implements ErrorWebExceptionHandler, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(ReactiveProblemHandler.class);
    private static final MediaType PROBLEM = MediaType.parseMediaType(Problems.MEDIA_TYPE);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        int status = 500;
        String detail = "Unexpected error";
        if (error instanceof ResponseStatusException rse) {
            status = rse.getStatusCode().value();
            detail = rse.getReason() != null ? rse.getReason() : Problems.title(status);
        } else {
            LOG.error("Unhandled error for {}", exchange.getRequest().getPath(), error);
        }
        byte[] body = Problems.json(status, null, detail, exchange.getRequest().getPath().value(), null);
        response.setStatusCode(HttpStatusCode.valueOf(status));
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(PROBLEM);
        headers.setContentLength(body.length);
        Object id = exchange.getAttribute(RequestIdWebFilter.ATTRIBUTE);
        headers.set(RequestIds.HEADER, id != null ? id.toString() : RequestIds.of(null));
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    @Override
    public int getOrder() {
        // Before Boot's default error handler (-1).
        return -2;
    }
}
