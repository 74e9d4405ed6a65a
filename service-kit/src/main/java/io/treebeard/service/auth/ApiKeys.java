package io.treebeard.service.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The API keys of every TreeBeard HTTP service. A request sends {@code Authorization: Bearer <key>} (or
 * {@code X-API-Key: <key>}); the key is hashed and looked up, so neither configuration nor logs hold a key. Framework
 * free: the servlet filter and the reactive handlers both ask {@link #check}.
 */
public final class ApiKeys {

    /** The alternative header a client may send its key in. */
    public static final String API_KEY_HEADER = "X-API-Key";

    /** Longer credentials are refused before hashing. */
    private static final int MAX_KEY_LENGTH = 512;

    private final Map<String, ApiKey> byHash;

    /** The configured {@code keys}. */
    public ApiKeys(List<ApiKey> keys) {
        this.byHash = keys.stream().collect(Collectors.toUnmodifiableMap(k -> k.sha256().toLowerCase(Locale.ROOT),
                Function.identity()));
    }

    /** Whether any key is configured. */
    public boolean isEmpty() {
        return byHash.isEmpty();
    }

    /**
     * Decides a request.
     *
     * @param authorization the Authorization header, may be null
     * @param apiKey        the X-API-Key header, may be null
     * @param needed        the right the request needs
     */
    public Access check(String authorization, String apiKey, Right needed) {
        String presented = presented(authorization, apiKey);
        if (presented == null) {
            return Access.MISSING;
        }
        ApiKey key = byHash.get(sha256(presented));
        if (key == null) {
            return Access.UNKNOWN;
        }
        if (!key.rights().contains(needed)) {
            return Access.forbidden(key, needed);
        }
        return Access.granted(key);
    }

    private static String presented(String authorization, String apiKey) {
        String key = apiKey;
        if (key == null && authorization != null && authorization.length() > 7 && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = authorization.substring(7).strip();
        }
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return null;
        }
        return key;
    }

    /** The lowercase hex SHA-256 of {@code key}, as configured. */
    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * The decision on one request.
     *
     * @param status 0 when granted, else 401 or 403
     * @param title  the problem title of a refusal
     * @param detail the problem detail of a refusal
     * @param key    the presented key when known, else null
     */
    public record Access(int status, String title, String detail, ApiKey key) {

        static final Access MISSING = new Access(401, "Missing API key",
                "Send Authorization: Bearer <key> (or " + API_KEY_HEADER + ")", null);
        static final Access UNKNOWN = new Access(401, "Unknown API key", "The key presented is not known", null);

        static Access granted(ApiKey key) {
            return new Access(0, null, null, key);
        }

        static Access forbidden(ApiKey key, Right needed) {
            return new Access(403, "Not allowed", "The key of '" + key.name() + "' has no " + needed.label() + " right", key);
        }

        /** Whether the request may proceed. */
        public boolean granted() {
            return status == 0;
        }
    }
}
