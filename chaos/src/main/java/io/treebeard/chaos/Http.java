package io.treebeard.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The load's HTTP client: HTTP/1.1, short timeouts, the answer's status, headers and body. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }

    static HttpResponse<String> send(String method, String url, String contentType, String body, String key, Duration timeout)
            throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A write's outcome from its answer: 2xx acknowledged, 4xx rejected, anything else errored. */
    static Outcome outcome(int status) {
        if (status >= 200 && status < 300) {
            return Outcome.ACKNOWLEDGED;
        }
        return status >= 400 && status < 500 ? Outcome.REJECTED : Outcome.ERRORED;
    }
}
