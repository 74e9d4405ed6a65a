package io.treebeard.service.servlet;

import io.treebeard.service.web.ProblemError;
import io.treebeard.service.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/** Writes a problem straight to a servlet response (filters, the error page), before or outside Spring MVC. */
public final class ServletProblems {

    private ServletProblems() {
    }

    /** Writes the problem; a 401 also gets {@code WWW-Authenticate: Bearer}. */
    public static void write(HttpServletResponse response, int status, String title, String detail, String instance,
            List<ProblemError> errors) throws IOException {
        byte[] body = Problems.json(status, title, detail, instance, errors);
        response.setStatus(status);
        response.setContentType(Problems.MEDIA_TYPE);
        response.setContentLength(body.length);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.getOutputStream().write(body);
    }
}
