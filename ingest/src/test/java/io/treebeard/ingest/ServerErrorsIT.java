package io.treebeard.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.service.testing.ProblemAnswers;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.RawHttp;
import io.treebeard.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Requests that Tomcat or Spring MVC refuse before the write API's handlers run (or that Tomcat answers with its own
 * error page) are answered as problems in the shared format, never as HTML or an empty body.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerErrorsIT {

    private ConfigurableApplicationContext app;
    private int port;

    @BeforeAll
    void start(LocalStack stack) {
        stack.postgres().createDatabase("ingest_server_errors");
        app = IngestTestSupport.start(stack, "ingest_server_errors", "--treebeard.ingest.capture.enabled=false",
                "--treebeard.ingest.api.max-body-bytes=2000");
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
        "NUL in the path           | PUT /api/v1/plans/%00 HTTP/1.1                      | application/json | 10    | 400",
        "bad percent encoding       | PUT /api/v1/plans/%zz HTTP/1.1                      | application/json | 10    | 400",
        "malformed query string     | POST /api/v1/usage?x=%zz&y=%G1 HTTP/1.1             | text/x-nothing   | 10    | 415",
        "URI over the server limit  | LONG                                                | application/json | 10    | 414",
        "body over the limit        | POST /api/v1/usage HTTP/1.1                         | text/csv         | 50000 | 413",
        "unsupported content type   | POST /api/v1/usage HTTP/1.1                         | text/x-nothing   | 10    | 415",
        "bad path parameter         | PUT /api/v1/plans/p-1;a=%zz HTTP/1.1                | application/json | 10    | 400",
        "CONNECT to a path          | CONNECT /api/v1/usage HTTP/1.1                      | application/json | 10    | 405",
        "CONNECT to an authority    | CONNECT localhost:443 HTTP/1.1                      | application/json | 10    | 405",
    })
    void theServerLayersRefusalsAreProblems(String name, String requestLine, String contentType, int bodyBytes, int status)
            throws Exception {
        String line = requestLine.equals("LONG") ? "PUT /api/v1/plans/" + "a".repeat(6_000) + " HTTP/1.1" : requestLine;
        byte[] body = "1".repeat(bodyBytes).getBytes(StandardCharsets.US_ASCII);
        String head = line + "\r\nHost: localhost\r\nAuthorization: Bearer " + IngestTestSupport.WRITER_KEY
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length;
        RawHttp.Response response = RawHttp.send(port, head, body);

        ProblemAnswers.assertProblem(name, response.status(), response.contentType(), response.body(), status);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "headers over the server limit | 400",
    })
    void oversizedHeadersAreProblems(String name, int status) throws Exception {
        String head = "GET /api/v1/plans/p-1 HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "b".repeat(20_000);
        RawHttp.Response response = RawHttp.send(port, head, null);

        assertThat(response.status()).as(name).isEqualTo(status);
        assertThat(response.contentType()).as(name).startsWith("application/problem+json");
    }
}
