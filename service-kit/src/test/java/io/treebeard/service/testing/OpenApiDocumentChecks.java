package io.treebeard.service.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document parses without a single message and describes every operation completely (issue 19).
 * Each API extends it once; the document is that module's {@code /openapi.json} on the test classpath.
 */
public abstract class OpenApiDocumentChecks {

    private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    private static SwaggerParseResult parse() throws Exception {
        try (InputStream in = OpenApiDocumentChecks.class.getResourceAsStream("/openapi.json")) {
            assertThat(in).as("classpath resource /openapi.json").isNotNull();
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            return new OpenAPIV3Parser().readContents(new String(in.readAllBytes(), StandardCharsets.UTF_8), null, options);
        }
    }

    @Test
    public void parsesWithoutMessages() throws Exception {
        SwaggerParseResult result = parse();

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    }

    @Test
    public void everyOperationHasIdTagDescriptionAndProblemErrors() throws Exception {
        OpenAPI api = parse().getOpenAPI();
        List<String> faults = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            String where = method + " " + path;
            if (op.getOperationId() == null || op.getOperationId().isBlank()) {
                faults.add(where + ": no operationId");
            }
            if (op.getTags() == null || op.getTags().isEmpty()) {
                faults.add(where + ": no tag");
            }
            if (op.getDescription() == null || op.getDescription().isBlank()) {
                faults.add(where + ": no description");
            }
            errors(op).forEach((status, response) -> {
                if (!referencesProblem(api, response)) {
                    faults.add(where + " " + status + ": does not reference " + PROBLEM_SCHEMA);
                }
            });
        }));

        assertThat(faults).isEmpty();
    }

    private static Map<String, ApiResponse> errors(Operation op) {
        Map<String, ApiResponse> errors = new java.util.TreeMap<>();
        op.getResponses().forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                errors.put(status, response);
            }
        });
        return errors;
    }

    private static boolean referencesProblem(OpenAPI api, ApiResponse response) {
        ApiResponse r = response;
        if (r.get$ref() != null) {
            r = api.getComponents().getResponses().get(r.get$ref().substring(r.get$ref().lastIndexOf('/') + 1));
        }
        if (r == null || r.getContent() == null) {
            return false;
        }
        MediaType problem = r.getContent().get("application/problem+json");
        return problem != null && problem.getSchema() != null && PROBLEM_SCHEMA.equals(problem.getSchema().get$ref());
    }
}
