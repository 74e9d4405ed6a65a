package io.treebeard.ingest.api;

import io.treebeard.ingest.metrics.IngestMetrics;
import io.treebeard.ingest.store.SourceWriter;
import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.schemas.validation.FieldError;
import io.treebeard.schemas.validation.Identifiers;
import io.treebeard.schemas.validation.PlanValidator;
import io.treebeard.schemas.validation.ProfileValidator;
import io.treebeard.schemas.validation.ValidationResult;
import io.treebeard.service.web.ProblemError;
import io.treebeard.service.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The write API of contract section 6. Each request is validated in full before anything is written, and is then one
 * database transaction; the change capture, not this controller, tells Kafka.
 */
@RestController
public class WriteController {

    private final SourceWriter writer;
    private final UsageBatchParser parser;
    private final BodyReader bodies;
    private final IngestMetrics metrics;
    private final Clock clock;

    /** The controller over {@code writer}. */
    public WriteController(SourceWriter writer, UsageBatchParser parser, BodyReader bodies, IngestMetrics metrics, Clock clock) {
        this.writer = writer;
        this.parser = parser;
        this.bodies = bodies;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Upserts a batch of readings, JSON or CSV, all or nothing. */
    @PostMapping(path = "/api/v1/usage", consumes = {MediaType.APPLICATION_JSON_VALUE, "text/csv"})
    public ResponseEntity<?> postUsage(HttpServletRequest request) throws SQLException {
        byte[] body = bodies.read(request);
        MediaType type = MediaType.parseMediaType(request.getContentType());
        UsageBatch batch = type.isCompatibleWith(MediaType.APPLICATION_JSON) ? parser.parseJson(body) : parser.parseCsv(body);
        if (!batch.errors().isEmpty()) {
            return problem(Problems.detail(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid rows",
                    batch.errors().size() + " problem(s) in a batch of " + batch.size() + " rows; nothing was written",
                    batch.errors().stream().map(e -> new ProblemError(e.field(), e.reason(), e.index())).toList()));
        }
        int changed = batch.rows().isEmpty() ? 0 : writer.upsertUsage(batch.rows());
        metrics.rowsWritten(changed);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("count", batch.rows().size());
        result.put("changed", changed);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(result);
    }

    /** Deletes one reading. */
    @DeleteMapping("/api/v1/usage/{userId}/{usageDate}")
    public ResponseEntity<?> deleteReading(@PathVariable String userId, @PathVariable String usageDate) throws SQLException {
        requireIdentifier("user_id", userId);
        LocalDate date;
        try {
            date = LocalDate.parse(usageDate);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST, "usage_date", "must be a date formatted yyyy-MM-dd");
        }
        return writer.deleteReading(userId, date) ? ResponseEntity.noContent().build()
                : notFound("No reading of user '" + userId + "' on " + date, "usage_date");
    }

    /** Creates or replaces a plan. */
    @PutMapping(path = "/api/v1/plans/{planId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> putPlan(@PathVariable String planId, HttpServletRequest request) throws SQLException {
        requireIdentifier("plan_id", planId);
        JsonNode body = jsonObject(bodies.read(request));
        ValidationResult<Plan> plan = PlanValidator.parse(planId, body, clock.instant());
        if (!plan.isValid()) {
            return problem(invalid(plan.errors()));
        }
        SourceWriter.Outcome outcome = writer.upsertPlan(plan.value(), body.get("rate_structure"));
        return written(outcome, Map.of("plan_id", planId, "outcome", outcome.name().toLowerCase()));
    }

    /** Deletes a plan. */
    @DeleteMapping("/api/v1/plans/{planId}")
    public ResponseEntity<?> deletePlan(@PathVariable String planId) throws SQLException {
        requireIdentifier("plan_id", planId);
        return writer.deletePlan(planId) ? ResponseEntity.noContent().build() : notFound("No plan '" + planId + "'", "plan_id");
    }

    /** Creates or replaces a user profile. */
    @PutMapping(path = "/api/v1/users/{userId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> putUser(@PathVariable String userId, HttpServletRequest request) throws SQLException {
        requireIdentifier("user_id", userId);
        JsonNode body = jsonObject(bodies.read(request));
        ValidationResult<UserProfile> profile = ProfileValidator.parse(userId, body, clock.instant());
        if (!profile.isValid()) {
            return problem(invalid(profile.errors()));
        }
        SourceWriter.Outcome outcome = writer.upsertProfile(profile.value(), body.get("preferences"));
        return written(outcome, Map.of("user_id", userId, "outcome", outcome.name().toLowerCase()));
    }

    /** Deletes a user profile and all its readings. */
    @DeleteMapping("/api/v1/users/{userId}")
    public ResponseEntity<?> deleteUser(@PathVariable String userId) throws SQLException {
        requireIdentifier("user_id", userId);
        return writer.deleteUser(userId) ? ResponseEntity.noContent().build() : notFound("No user '" + userId + "'", "user_id");
    }

    private static ResponseEntity<?> written(SourceWriter.Outcome outcome, Map<String, String> body) {
        HttpStatus status = outcome == SourceWriter.Outcome.CREATED ? HttpStatus.CREATED : HttpStatus.OK;
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static JsonNode jsonObject(byte[] body) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(body);
        } catch (JacksonException e) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST, "body", "Malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST, "body", "The body must be a JSON object");
        }
        return node;
    }

    private static void requireIdentifier(String field, String value) {
        if (!Identifiers.isValid(value)) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST, field, "must be 1 to 64 characters of A-Z a-z 0-9 _ . : -");
        }
    }

    private static ProblemDetail invalid(List<FieldError> errors) {
        return Problems.detail(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid body", errors.size() + " problem(s); nothing was written",
                errors.stream().map(e -> ProblemError.of(e.field(), e.reason())).toList());
    }

    private static ResponseEntity<?> notFound(String detail, String field) {
        return problem(Problems.detail(HttpStatus.NOT_FOUND, "Not found", detail, List.of(ProblemError.of(field, detail))));
    }

    private static ResponseEntity<?> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.parseMediaType(Problems.MEDIA_TYPE)).body(problem);
    }
}
