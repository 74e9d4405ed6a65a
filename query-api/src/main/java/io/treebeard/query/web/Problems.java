package io.treebeard.query.web;

import io.treebeard.schemas.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 9457 problem bodies ({@code application/problem+json}). */
public final class Problems {

    /** The media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    /**
     * A problem body.
     *
     * @param status    the HTTP status
     * @param title     the short, status-level summary
     * @param detail    what went wrong with this request
     * @param instance  the request path
     * @param parameter the malformed parameter, or null
     */
    public static byte[] body(int status, String title, String detail, String instance, String parameter) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        if (parameter != null) {
            problem.put("parameter", parameter);
        }
        return Json.mapper().writeValueAsBytes(problem);
    }
}
