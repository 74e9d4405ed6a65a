package io.treebeard.ingest.config;

import io.treebeard.ingest.metrics.IngestMetrics;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.TimeUnit;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/** Times write-API requests per route pattern and outcome class ({@code treebeard.ingest.api.request}). */
final class RequestTimer implements HandlerInterceptor {

    private static final String STARTED = RequestTimer.class.getName() + ".started";

    private final IngestMetrics metrics;

    RequestTimer(IngestMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        request.setAttribute(STARTED, System.nanoTime());
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        Object started = request.getAttribute(STARTED);
        if (!(started instanceof Long start)) {
            return;
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String endpoint = request.getMethod() + " " + (pattern == null ? "unmatched" : pattern);
        String outcome = (response.getStatus() / 100) + "xx";
        metrics.requestTimer(endpoint, outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
}
