package io.treebeard.service.servlet;

import io.treebeard.service.auth.ApiKeys;
import io.treebeard.service.auth.Right;
import io.treebeard.service.web.ProblemError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * The servlet adapter of {@link ApiKeys}: a missing or unknown key is 401, a key without the right the request needs is
 * 403, both as problems. The key's holder goes into the log context as {@code client}.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {

    /** The MDC key naming the key's holder. */
    public static final String MDC_KEY = "client";

    private final ApiKeys keys;
    private final Function<HttpServletRequest, Right> rights;

    /**
     * @param rights the right a request needs, or null for a path that is open. It sees the path as Spring MVC routes it
     *               ({@link #lookupPath}), so {@code /%61pi/...} or {@code /api;x=1/...} cannot slip past.
     */
    public ApiKeyFilter(ApiKeys keys, Function<HttpServletRequest, Right> rights) {
        this.keys = keys;
        this.rights = rights;
    }

    /** The decoded path without {@code ;parameters}, as Spring MVC routes it. */
    public static String lookupPath(HttpServletRequest request) {
        return UrlPathHelper.defaultInstance.getLookupPathForRequest(request);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return rights.apply(request) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ApiKeys.Access access = keys.check(request.getHeader("Authorization"), request.getHeader(ApiKeys.API_KEY_HEADER),
                rights.apply(request));
        if (!access.granted()) {
            ServletProblems.write(response, access.status(), access.title(), access.detail(), request.getRequestURI(),
                    List.of(ProblemError.of("Authorization", access.detail())));
            return;
        }
        MDC.put(MDC_KEY, access.key().name());
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}
