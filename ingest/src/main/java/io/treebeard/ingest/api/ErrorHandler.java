package io.treebeard.ingest.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into an RFC 9457 problem. Client mistakes are 4xx naming the field; a database that cannot be
 * reached is 503 with Retry-After; only a genuine bug is 500, logged with its cause. Spring's own exceptions (415, 405,
 * 400 for unreadable bodies) are handled by the base class as problems too.
 */
@RestControllerAdvice
public class ErrorHandler extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);
    private static final MediaType PROBLEM = MediaType.parseMediaType(Problems.MEDIA_TYPE);

    /** A request refused as a whole. */
    @ExceptionHandler(BadRequestException.class)
    public ResponseEntity<ProblemDetail> badRequest(BadRequestException e, HttpServletRequest request) {
        String title = e.status() == HttpStatus.CONTENT_TOO_LARGE ? "Body too large" : "Malformed request";
        return respond(Problems.of(e.status(), title, e.getMessage(), e.field()), request);
    }

    /** A body the client stopped sending. */
    @ExceptionHandler(UncheckedIOException.class)
    public ResponseEntity<ProblemDetail> unreadable(UncheckedIOException e, HttpServletRequest request) {
        return respond(Problems.of(HttpStatus.BAD_REQUEST, "Malformed request", "The body could not be read", "body"), request);
    }

    /** A database failure: nothing was committed. */
    @ExceptionHandler(SQLException.class)
    public ResponseEntity<ProblemDetail> database(SQLException e, HttpServletRequest request) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("23")) {
            // A constraint the validators should have caught: the client's data, not our failure.
            return respond(Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "Rejected by the database", e.getMessage(), null), request);
        }
        if (state.startsWith("08") || state.startsWith("57P") || e.getCause() instanceof java.net.ConnectException) {
            LOG.warn("Database unavailable for {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage(), e);
            ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable",
                    "Nothing was written; retry later", null);
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").contentType(PROBLEM)
                    .body(withInstance(problem, request));
        }
        LOG.error("Database error for {} {} (SQLState {})", request.getMethod(), request.getRequestURI(), state, e);
        return respond(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "Nothing was written", null), request);
    }

    /**
     * Spring's own problems (415, 405, unreadable bodies) get the write API's problem type too: without it their
     * {@code type} member is left out, against the API description every error follows.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail problem && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(URI.create("https://treebeard.io/problems/" + statusCode.value()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, HttpServletRequest request) {
        return ResponseEntity.status(problem.getStatus()).contentType(PROBLEM).body(withInstance(problem, request));
    }

    private static ProblemDetail withInstance(ProblemDetail problem, HttpServletRequest request) {
        problem.setInstance(URI.create(request.getRequestURI()));
        return problem;
    }
}
