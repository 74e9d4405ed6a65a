package io.treebeard.query.web;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * gzip of JSON, problems and the console's text assets above a size threshold, set by query-api's own configuration
 * ({@code treebeard.query.http.*}) rather than {@code server.compression.*}: the run command and the benchmark start
 * query-api with arguments only (its application.yml is not on their classpath), and compression must not depend on
 * which file was seen. Runs after Boot's own server customizer, which would otherwise reset it.
 */
public final class ResponseCompression implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

    static final String[] MIME_TYPES = {"application/json", "application/problem+json", "text/html", "text/css", "text/javascript",
        "image/svg+xml"};

    private final boolean enabled;
    private final DataSize minResponseSize;

    public ResponseCompression(boolean enabled, DataSize minResponseSize) {
        this.enabled = enabled;
        this.minResponseSize = minResponseSize;
    }

    @Override
    public void customize(NettyReactiveWebServerFactory factory) {
        Compression compression = new Compression();
        compression.setEnabled(enabled);
        compression.setMinResponseSize(minResponseSize);
        compression.setMimeTypes(MIME_TYPES.clone());
        factory.setCompression(compression);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
