package io.treebeard.ingest.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import io.treebeard.service.servlet.ServletProblemHandler;
import io.treebeard.service.web.ProblemError;
import io.treebeard.service.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns every failure into an RFC 9457 problem. Client mistakes are 4xx naming the field; a database that cannot be
 * reached is 503 with Retry-After; only a genuine bug is 500, logged with its cause. Spring's own exceptions (415, 405,
 * 400 for unreadable bodies) are handled by service-kit's base class in the same format.
 */
@RestControllerAdvice
public class ErrorHandler extends ServletProblemHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);
    private static final MediaType PROBLEM = MediaType.parseMediaType(Problems.MEDIA_TYPE);

    /** A request refused as a whole. */
    @ExceptionHandler(BadRequestException.class)
    public ResponseEntity<ProblemDetail> badRequest(BadRequestException e, HttpServletRequest request) {
        String title = e.status() == HttpStatus.CONTENT_TOO_LARGE ? "Body too large" : "Malformed request";
        return respond(problem(e.status(), title, e.getMessage(), e.field()), request);
    }

    /** A body the client stopped sending. */
    @ExceptionHandler(UncheckedIOException.class)
    public ResponseEntity<ProblemDetail> unreadable(UncheckedIOException e, HttpServletRequest request) {
        return respond(problem(HttpStatus.BAD_REQUEST, "Malformed request", "The body could not be read", "body"), request);
    }

    /** A database failure: nothing was committed. */
    @ExceptionHandler(SQLException.class)
    public ResponseEntity<ProblemDetail> database(SQLException e, HttpServletRequest request) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("23")) {
            // A constraint the validators should have caught: the client's data, not our failure.
            return respond(problem(HttpStatus.UNPROCESSABLE_CONTENT, "Rejected by the database", e.getMessage(), null), request);
        }
        if (state.startsWith("08") || state.startsWith("57P") || e.getCause() instanceof java.net.ConnectException) {
            LOG.warn("Database unavailable for {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage(), e);
            ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable",
                    "Nothing was written; retry later", null);
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").contentType(PROBLEM)
                    .body(withInstance(problem, request));
        }
        LOG.error("Database error for {} {} (SQLState {})", request.getMethod(), request.getRequestURI(), state, e);
        return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "Nothing was written", null), request);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail, String field) {
        return Problems.detail(status, title, detail, field == null ? List.of() : List.of(ProblemError.of(field, detail)));
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, HttpServletRequest request) {
        return ResponseEntity.status(problem.getStatus()).contentType(PROBLEM).body(withInstance(problem, request));
    }

    private static ProblemDetail withInstance(ProblemDetail problem, HttpServletRequest request) {
        problem.setInstance(URI.create(request.getRequestURI()));
        return problem;
    }
}
