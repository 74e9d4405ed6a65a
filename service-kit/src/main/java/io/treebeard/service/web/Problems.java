package io.treebeard.service.web;

import io.treebeard.schemas.json.Json;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The one RFC 9457 problem format of every TreeBeard API (docs/api.md, "Errors"): {@code type}
 * {@code https://treebeard.io/problems/<status>}, {@code title}, {@code status}, {@code detail}, {@code instance}, and,
 * when fields are at fault, {@code errors: [{field, reason, index?}]}. Both stacks and the server layer below them
 * write problems through this class only.
 */
public final class Problems {

    /** The media type of every error. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Where problem types live; the status code is appended. */
    public static final String TYPE_BASE = "https://treebeard.io/problems/";

    /** The longest request URI (path and query) either stack accepts; longer ones are 414. */
    public static final int MAX_URI_LENGTH = 4096;

    /** Longest {@code instance} echoed back (a 414's path is not). */
    private static final int MAX_INSTANCE = 256;

    private Problems() {
    }

    /** The type URI of {@code status}. */
    public static String type(int status) {
        return TYPE_BASE + status;
    }

    /** The standard title of {@code status}. */
    public static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "Error";
    }

    /** A problem body. {@code instance} (the request path) may be null; {@code errors} may be empty or null. */
    public static byte[] json(int status, String title, String detail, String instance, List<ProblemError> errors) {
        return Json.mapper().writeValueAsBytes(map(status, title, detail, instance, errors));
    }

    /** A Spring {@link ProblemDetail} in the same format, for MVC and WebFlux handlers. */
    public static ProblemDetail detail(HttpStatusCode status, String title, String detail, List<ProblemError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create(type(status.value())));
        if (errors != null && !errors.isEmpty()) {
            problem.setProperty("errors", errorMaps(errors));
        }
        return problem;
    }

    /**
     * Brings a problem the framework made (405, 415, 400 for an unreadable body, ...) into the format: the type URI of
     * its status instead of {@code about:blank}, and the request path as instance.
     */
    public static ProblemDetail normalize(ProblemDetail problem, String instance) {
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            problem.setType(URI.create(type(problem.getStatus())));
        }
        if (problem.getTitle() == null) {
            problem.setTitle(title(problem.getStatus()));
        }
        if (problem.getInstance() == null && instance != null) {
            problem.setInstance(URI.create(truncate(instance)));
        }
        return problem;
    }

    private static Map<String, Object> map(int status, String title, String detail, String instance, List<ProblemError> errors) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type(status));
        problem.put("title", title != null ? title : title(status));
        problem.put("status", status);
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", truncate(instance));
        }
        if (errors != null && !errors.isEmpty()) {
            problem.put("errors", errorMaps(errors));
        }
        return problem;
    }

    private static List<Map<String, Object>> errorMaps(List<ProblemError> errors) {
        List<Map<String, Object>> out = new ArrayList<>(errors.size());
        for (ProblemError e : errors) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field", e.field());
            m.put("reason", e.reason());
            if (e.index() != null) {
                m.put("index", e.index());
            }
            out.add(m);
        }
        return out;
    }

    private static String truncate(String path) {
        return path.length() > MAX_INSTANCE ? path.substring(0, MAX_INSTANCE) : path;
    }
}
