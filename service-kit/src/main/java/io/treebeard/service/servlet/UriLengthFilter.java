package io.treebeard.service.servlet;

import io.treebeard.service.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * 414 for a request URI (path and query) longer than {@link Problems#MAX_URI_LENGTH}, the limit the reactive stack's
 * decoder applies too. Tomcat itself only refuses a request whose whole head is over its header size (400).
 */
public final class UriLengthFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        int length = request.getRequestURI().length() + (query == null ? 0 : query.length() + 1);
        if (length > Problems.MAX_URI_LENGTH) {
            ServletProblems.write(response, 414, null, "The URI is longer than " + Problems.MAX_URI_LENGTH + " characters", null,
                    null);
            return;
        }
        chain.doFilter(request, response);
    }
}
