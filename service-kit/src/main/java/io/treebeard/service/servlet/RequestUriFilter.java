package io.treebeard.service.servlet;

import io.treebeard.service.web.ProblemError;
import io.treebeard.service.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request URIs that the layers below would fail on:
 * <ul>
 *   <li>414 for a URI (path and query) longer than {@link Problems#MAX_URI_LENGTH}, the limit the reactive stack's
 *       decoder applies too. Tomcat itself only refuses a request whose whole head is over its header size (400).</li>
 *   <li>400 for a malformed percent-encoding in the path. Tomcat strips path parameters ({@code ;a=%zz}) before it
 *       decodes, so it passes them on, and Spring's path parser then throws (a 500).</li>
 * </ul>
 */
public final class RequestUriFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        String query = request.getQueryString();
        int length = uri.length() + (query == null ? 0 : query.length() + 1);
        if (length > Problems.MAX_URI_LENGTH) {
            ServletProblems.write(response, 414, null, "The URI is longer than " + Problems.MAX_URI_LENGTH + " characters", null,
                    null);
            return;
        }
        int bad = malformedEscape(uri);
        if (bad >= 0) {
            String reason = "Malformed percent-encoding at character " + bad + " of the path";
            ServletProblems.write(response, 400, null, reason, null, List.of(ProblemError.of("path", reason)));
            return;
        }
        chain.doFilter(request, response);
    }

    /** The index of the first {@code %} not followed by two hexadecimal digits in {@code raw}, or -1. */
    static int malformedEscape(String raw) {
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
            if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
                return i;
            }
        }
        return -1;
    }
}
