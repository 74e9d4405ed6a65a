package io.treebeard.service;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the client's {@code X-Request-ID} when it is a sane token, else a new UUID. The id is
 * echoed on the response and put in the logging context as {@code request_id}, so every log line of the request
 * carries it.
 */
public final class RequestIdFilter extends OncePerRequestFilter {

    /** The header, in requests and responses. */
    public static final String HEADER = "X-Request-ID";

    /** The MDC key. */
    public static final String MDC_KEY = "request_id";

    /** Accepted client ids: short and harmless in logs and headers. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = requestId(request.getHeader(HEADER));
        response.setHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The id to use for a request that sent {@code header} (possibly null). */
    static String requestId(String header) {
        if (header != null && SANE.matcher(header).matches()) {
            return header;
        }
        return UUID.randomUUID().toString();
    }
}
