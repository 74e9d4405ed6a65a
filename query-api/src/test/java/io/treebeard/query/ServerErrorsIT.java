package io.treebeard.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.service.testing.ProblemAnswers;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.RawHttp;
import io.treebeard.stack.junit.LocalStackExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Requests that Reactor Netty or WebFlux refuse before the read API's handler runs are answered as problems too, never
 * as an empty body.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerErrorsIT {

    private ConfigurableApplicationContext app;
    private int port;

    @BeforeAll
    void start(LocalStack stack) {
        QueryTestSupport.database(stack, "query_server_errors");
        app = QueryTestSupport.start(stack, "query_server_errors");
        port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "NUL in the path            | GET /api/v1/plans/%00 HTTP/1.1                        | 400",
        "bad percent encoding        | GET /api/v1/plans/%zz HTTP/1.1                        | 400",
        "malformed query string      | GET /api/v1/plans/catalog?region=%zz&limit=%G1 HTTP/1.1 | 400",
        "URI over the decoder limit  | LONG                                                  | 414",
        "unsupported content type    | POST /api/v1/plans/p-1 HTTP/1.1                       | 405",
    })
    void theServerLayersRefusalsAreProblems(String name, String requestLine, int status) throws Exception {
        String line = requestLine.equals("LONG") ? "GET /api/v1/plans/" + "a".repeat(6_000) + " HTTP/1.1" : requestLine;
        String head = line + "\r\nHost: localhost\r\nAuthorization: " + QueryTestSupport.BEARER
                + (line.startsWith("POST") ? "\r\nContent-Type: text/x-nothing\r\nContent-Length: 3" : "");
        RawHttp.Response response = RawHttp.send(port, head, line.startsWith("POST") ? "abc".getBytes() : null);

        ProblemAnswers.assertProblem(name, response.status(), response.contentType(), response.body(), status);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "headers over the decoder limit | 431",
    })
    void oversizedHeadersAreProblems(String name, int status) throws Exception {
        String head = "GET /api/v1/plans/p-1 HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "b".repeat(20_000);
        RawHttp.Response response = RawHttp.send(port, head, null);

        assertThat(response.status()).as(name).isEqualTo(status);
        assertThat(response.contentType()).as(name).startsWith("application/problem+json");
        assertThat(response.body()).as(name).contains("\"status\":" + status);
    }
}
