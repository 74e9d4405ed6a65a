package io.treebeard.ingest.api;

import io.treebeard.ingest.config.IngestConfig;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Bearer API keys for every request but the operational endpoints. Keys are configured as SHA-256 hashes; the
 * presented key is hashed and looked up,
 * so neither configuration nor logs hold a key. A missing or unknown key is 401; a key without the right the method
 * needs (WRITE for POST/PUT/DELETE, READ otherwise) is 403. The key's holder goes into the log context as
 * {@code producer}.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "DELETE", "PATCH");

    /** Actuator endpoints, the error page and the API description; plain segments only, so no "..", "." or encoded trick matches. */
    private static final Pattern OPEN_PATHS = Pattern.compile("/actuator(/[A-Za-z0-9_-]+)*|/error|/openapi\\.json|/v3/api-docs");

    private final Map<String, IngestConfig.ApiKey> byHash;

    /** A filter accepting {@code keys}. */
    public ApiKeyFilter(List<IngestConfig.ApiKey> keys) {
        this.byHash = keys.stream().collect(Collectors.toUnmodifiableMap(k -> k.sha256().toLowerCase(Locale.ROOT),
                Function.identity()));
    }

    /**
     * Only operational endpoints are open. The decision uses the path as Spring MVC routes it (decoded, without
     * {@code ;parameters}), so {@code /%61pi/...} or {@code /api;x=1/...} cannot slip past; any other path needs a key
     * too, which costs an unknown route a 401 instead of a 404.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = UrlPathHelper.defaultInstance.getLookupPathForRequest(request);
        return OPEN_PATHS.matcher(path).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            Problems.write(request, response, HttpStatus.UNAUTHORIZED, "Missing API key",
                    "Send Authorization: Bearer <key>", "Authorization");
            return;
        }
        IngestConfig.ApiKey key = byHash.get(sha256(header.substring(7).strip()));
        if (key == null) {
            Problems.write(request, response, HttpStatus.UNAUTHORIZED, "Unknown API key",
                    "The key in the Authorization header is not known", "Authorization");
            return;
        }
        IngestConfig.Right needed = WRITES.contains(request.getMethod()) ? IngestConfig.Right.WRITE : IngestConfig.Right.READ;
        if (!key.rights().contains(needed)) {
            Problems.write(request, response, HttpStatus.FORBIDDEN, "Not allowed",
                    "The key of '" + key.name() + "' has no " + needed.name().toLowerCase(Locale.ROOT) + " right", "Authorization");
            return;
        }
        MDC.put("producer", key.name());
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("producer");
        }
    }

    /** The lowercase hex SHA-256 of {@code key}, as configured. */
    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
