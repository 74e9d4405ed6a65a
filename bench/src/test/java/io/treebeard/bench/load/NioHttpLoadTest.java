package io.treebeard.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NioHttpLoadTest {

    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // The JDK server closes idle keep-alive connections beyond 200 by default; this test keeps 300 open.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "1000");
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 1_000);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            boolean missing = exchange.getRequestURI().getPath().endsWith("/missing");
            boolean chunked = exchange.getRequestURI().getPath().endsWith("/chunked");
            exchange.sendResponseHeaders(missing ? 404 : 200, chunked ? 0 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void manyConnectionsAtAFixedRateAreAllAnsweredAndCounted() throws IOException {
        int port = server.getAddress().getPort();
        AtomicBoolean connected = new AtomicBoolean();
        NioHttpLoad.Result result = new NioHttpLoad("localhost", port, 300, n -> n % 50 == 0 ? "/missing" : n % 2 == 0 ? "/chunked" : "/ok")
                .run(600, Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(20), () -> connected.set(true));
        assertThat(connected).isTrue();
        assertThat(result.opened()).isEqualTo(300);
        assertThat(result.peakFds()).isGreaterThanOrEqualTo(300);
        // 600/s for 2 s: about 1,200 measured requests; every 50th asks for a missing page (a 404 is an error).
        assertThat(result.requests()).isBetween(1_150L, 1_250L);
        assertThat(result.latencyUs().getTotalCount()).as(result.toString()).isEqualTo(result.requests());
        assertThat(result.errors()).isBetween(result.requests() / 50 - 3, result.requests() / 50 + 3);
        assertThat(result.unanswered()).isZero();
        assertThat(result.closedByPeer()).isZero();
    }

    @Test
    void aServerThatIsGoneCountsEveryRequestAsAnError() throws IOException {
        int port = server.getAddress().getPort();
        server.stop(0);
        NioHttpLoad.Result result = new NioHttpLoad("localhost", port, 10, n -> "/ok")
                .run(100, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(5), () -> { });
        assertThat(result.opened()).isZero();
        assertThat(result.requests()).isBetween(95L, 105L);
        assertThat(result.errors()).isEqualTo(result.requests());
    }
}
