package io.treebeard.query.web;

import io.treebeard.schemas.json.Json;
import io.treebeard.service.auth.ApiKeys;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * HTTP validators and freshness of the read API's answers (docs/api.md, "HTTP caching"): which {@code ETag} a body
 * gets, which {@code Cache-Control} a route sends, and whether an {@code If-None-Match} names the current body.
 *
 * <p>ETags are weak ({@code W/"..."}): the transport gzips bodies above a threshold, so the bytes on the wire differ
 * by {@code Accept-Encoding} while the document is the same; a weak validator is the honest one for that, and
 * {@code If-None-Match} uses the weak comparison anyway (RFC 9110 section 13.1.2).
 */
public final class HttpCaching {

    /**
     * Sent with every data answer. The bytes on the wire depend on the client's {@code Accept-Encoding}, and every read
     * needs a key: a shared cache that stores a catalog may hand it only to a request with the same key header, never
     * to one without a key (RFC 9111 section 4.1), so the key headers are part of the cache key.
     */
    public static final String VARY = "Accept-Encoding, Authorization, " + ApiKeys.API_KEY_HEADER;
    /** Sent with the console's page and assets, which need no key. */
    public static final String VARY_ENCODING = "Accept-Encoding";
    /** Problems are never stored: a 404 or 503 of a moment ago says nothing about now. */
    public static final String NO_STORE = "no-store";

    private HttpCaching() {
    }

    /** The {@code Cache-Control} of a 200 (and its 304) on {@code route}. */
    public static String cacheControl(Route route) {
        switch (route) {
            case CATALOG:
                // Shared by every user of a region; a catalog changes rarely and a few seconds of staleness is harmless.
                // public: the request carries a key (Authorization), and without it a shared cache must not store the
                // answer at all (RFC 9111 section 3.5); VARY keeps each key's copy apart.
                return "public, max-age=30, stale-while-revalidate=60";
            case PLAN:
                return "public, max-age=60, stale-while-revalidate=300";
            case RECOMMENDATION:
            case USAGE_ANALYSIS:
            case PROFILE:
                // One user's data: never in a shared cache; the client keeps it but asks every time (a 304 is cheap).
                return "private, no-cache";
            case OPENAPI:
                return "public, max-age=300";
            default:
                return NO_STORE;
        }
    }

    /**
     * The ETag of {@code body} served on {@code route}, or null when it has none.
     *
     * <ul>
     *   <li>Documents with a top-level numeric {@code version} (recommendation, usage analysis, catalog): the version. The
     *       pipeline guarantees a version names one content, and the catalog's URL (region, filters, cursor) names the
     *       page, so {@code W/"v<version>"} is exact and costs no hashing.</li>
     *   <li>{@code "version": null} (computed on the read path while the pipeline is behind): no ETag. Such a body holds
     *       a fresh {@code generated_at}, so a content hash would differ on every request and never validate; and the
     *       pipeline's versioned document replaces it within seconds, which is the one worth revalidating.</li>
     *   <li>Plans, profiles and the OpenAPI document carry no version in their body: a hash of the bytes (the same row
     *       always serialises to the same bytes, from the cache or the database).</li>
     * </ul>
     */
    public static String etag(Route route, byte[] body) {
        switch (route) {
            case RECOMMENDATION:
            case USAGE_ANALYSIS:
            case CATALOG:
                Long version = topLevelVersion(body);
                return version == null ? null : "W/\"v" + version + "\"";
            case PLAN:
            case PROFILE:
            case OPENAPI:
                return "W/\"h" + hash(body) + "\"";
            default:
                return null;
        }
    }

    /**
     * Whether {@code ifNoneMatch} (the request header, may be null) matches {@code etag} by the weak comparison:
     * {@code *}, or any listed tag whose opaque part equals the etag's.
     */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || etag == null) {
            return false;
        }
        String wanted = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || (!c.isEmpty() && opaque(c).equals(wanted))) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /**
     * The top-level {@code version} of a JSON object, or null when it is null, absent or not a number. Stops at the
     * field (it is the second or third of every document), skipping nested values without reading them.
     */
    static Long topLevelVersion(byte[] body) {
        try (JsonParser p = Json.mapper().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("version".equals(name)) {
                    return value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (RuntimeException e) {
            // Not JSON we can read: serve it without a validator rather than fail the answer.
            return null;
        }
    }

    private static String hash(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
