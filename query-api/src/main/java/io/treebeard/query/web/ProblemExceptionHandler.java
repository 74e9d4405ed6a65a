package io.treebeard.query.web;

import io.treebeard.service.RequestIdFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Last line: any error that escapes a handler (framework codecs, actuator, malformed requests) is answered as an RFC 9457
 * problem with the request id, never as an HTML page or a stack trace.
 */
public final class ProblemExceptionHandler implements WebExceptionHandler, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemExceptionHandler.class);

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
            detail = rse.getReason() != null ? rse.getReason() : rse.getStatusCode().toString();
        } else {
            LOG.error("Unhandled error for {}", exchange.getRequest().getPath(), error);
        }
        byte[] body = Problems.body(status, title(status), detail, null, null);
        response.setStatusCode(org.springframework.http.HttpStatusCode.valueOf(status));
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.parseMediaType(Problems.MEDIA_TYPE));
        Object id = exchange.getAttribute(RequestIdWebFilter.ATTRIBUTE);
        headers.set(RequestIdFilter.HEADER, id != null ? id.toString() : RequestIdWebFilter.requestId(null));
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    private static String title(int status) {
        org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "Error";
    }

    @Override
    public int getOrder() {
        // Before Boot's default error handler (-1).
        return -2;
    }
}
