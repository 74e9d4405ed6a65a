package io.treebeard.ingest.api;

import io.treebeard.schemas.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem documents of the write API. */
public final class Problems {

    /** The media type of every error. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    /** A problem naming the field at fault. */
    public static ProblemDetail of(HttpStatus status, String title, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://treebeard.io/problems/" + status.value()));
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }

    /** A 422 listing every bad row. */
    public static ProblemDetail invalidRows(List<RowError> errors, int rows) {
        ProblemDetail problem = of(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid rows",
                errors.size() + " problem(s) in a batch of " + rows + " rows; nothing was written", null);
        problem.setProperty("errors", errors);
        return problem;
    }

    /** Writes a problem directly (from a filter, before MVC). */
    static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title, String detail,
            String field) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://treebeard.io/problems/" + status.value());
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        body.put("field", field);
        response.setStatus(status.value());
        response.setContentType(MEDIA_TYPE);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.getOutputStream().write(Json.mapper().writeValueAsBytes(body));
    }
}
