package io.treebeard.service.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Holds every exchange of the ITs to the served OpenAPI document (swagger-request-validator), so the description
 * cannot drift from the code. Every response must be described (status, headers, body schema); a request is checked
 * when it succeeded: the refusals the ITs provoke on purpose (bad bodies, missing keys) are invalid requests by design,
 * and their problem answers are still checked. Shared by the ITs of both APIs (service-kit's test jar); the document
 * is the module's own {@code /openapi.json} on the test classpath.
 */
public final class OpenApiContract {

    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForInlineApiSpecification(document())
            .withLevelResolver(LevelResolver.create()
                    // Security is checked by the service itself (and its ITs); the validator would only repeat it.
                    .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
                    // An undocumented path or method (the ITs' 404 and 405 probes) has no operation to hold it to.
                    .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                    .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.IGNORE)
                    .withLevel("validation.response.path.missing", ValidationReport.Level.IGNORE)
                    .withLevel("validation.response.operation.notAllowed", ValidationReport.Level.IGNORE)
                    .build())
            .build();

    private OpenApiContract() {
    }

    /** Fails with the validator's messages when the exchange does not match the document. */
    public static void check(HttpRequest request, String requestBody, HttpResponse<String> response) {
        URI uri = request.uri();
        SimpleRequest.Builder req = new SimpleRequest.Builder(request.method(), uri.getRawPath());
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                req.withQueryParam(name, value);
            }
        }
        request.headers().map().forEach((name, values) -> req.withHeader(name, values));
        if (requestBody != null && !requestBody.isEmpty()) {
            req.withBody(requestBody, StandardCharsets.UTF_8);
        }
        SimpleResponse.Builder res = SimpleResponse.Builder.status(response.statusCode());
        for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
            res.withHeader(header.getKey(), header.getValue());
        }
        if (response.body() != null && !response.body().isEmpty()) {
            res.withBody(response.body(), StandardCharsets.UTF_8);
        }
        Request built = req.build();
        ValidationReport report = response.statusCode() < 300
                ? VALIDATOR.validate(built, res.build())
                : VALIDATOR.validateResponse(uri.getRawPath(), built.getMethod(), res.build());
        if (report.hasErrors()) {
            throw new AssertionError("The exchange " + request.method() + " " + uri.getRawPath() + " -> " + response.statusCode()
                    + " breaks openapi.json:\n" + report.getMessages() + "\nheaders: " + response.headers().map() + "\nbody: "
                    + response.body());
        }
    }

    private static String document() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource /openapi.json");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
