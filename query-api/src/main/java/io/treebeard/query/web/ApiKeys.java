package io.treebeard.query.web;

import io.treebeard.query.config.QueryConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Optional API keys of read clients: only their SHA-256 is configured. With no key configured every request is
 * allowed; otherwise a request must send {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}.
 */
public final class ApiKeys {

    private final Map<String, String> nameBySha256 = new HashMap<>();

    /** The keys of the configuration. */
    public ApiKeys(List<QueryConfig.ApiKey> keys) {
        for (QueryConfig.ApiKey key : keys) {
            nameBySha256.put(key.sha256().toLowerCase(Locale.ROOT), key.name());
        }
    }

    /** Whether keys are required. */
    public boolean enabled() {
        return !nameBySha256.isEmpty();
    }

    /**
     * The client name of a request's credentials.
     *
     * @param authorization the Authorization header, may be null
     * @param apiKey        the X-API-Key header, may be null
     * @return the key's name, or null when the request has no known key
     */
    public String clientOf(String authorization, String apiKey) {
        String key = apiKey;
        if (key == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = authorization.substring(7).trim();
        }
        if (key == null || key.isEmpty() || key.length() > 512) {
            return null;
        }
        return nameBySha256.get(sha256(key));
    }

    /** Hex SHA-256 of a key, as configured. */
    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
