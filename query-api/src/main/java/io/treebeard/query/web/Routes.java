package io.treebeard.query.web;

import io.treebeard.schemas.validation.Identifiers;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Matches a request's method and raw path against the routes of the API. Pure and total: every input gives a
 * {@link Match}, a {@link BadRequestException} (a malformed id, named) or one of the not-found / method-not-allowed
 * outcomes; nothing else escapes.
 */
public final class Routes {

    /** Where the read API lives. */
    public static final String API = "/api/v1";

    private Routes() {
    }

    /**
     * The outcome of matching.
     *
     * @param route the route, null when none matched
     * @param id    the decoded path id (user_id or plan_id), null when the route has none
     * @param kind  what happened
     */
    public record Match(Route route, String id, Kind kind) {
    }

    /** How a request matched. */
    public enum Kind {
        /** A route matched with an allowed method. */
        OK,
        /** No route has this path. */
        NOT_FOUND,
        /** A route has this path, but it answers GET only. */
        METHOD_NOT_ALLOWED
    }

    /**
     * Matches {@code method} and {@code rawPath} (percent-encoded, without the query string).
     *
     * @throws BadRequestException when a path id is malformed (named {@code user_id} or {@code plan_id})
     */
    public static Match match(String method, String rawPath) {
        Match byPath = byPath(rawPath);
        if (byPath.kind() == Kind.NOT_FOUND) {
            return byPath;
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return new Match(byPath.route(), null, Kind.METHOD_NOT_ALLOWED);
        }
        if (byPath.id() != null) {
            String field = byPath.route() == Route.PLAN ? "plan_id" : "user_id";
            String id = decode(field, byPath.id());
            if (!Identifiers.isValid(id)) {
                throw new BadRequestException(field, Identifiers.REASON);
            }
            return new Match(byPath.route(), id, Kind.OK);
        }
        return byPath;
    }

    private static Match byPath(String rawPath) {
        String path = rawPath == null ? "" : rawPath;
        if (path.equals("/openapi.json") || path.equals("/v3/api-docs")) {
            return ok(Route.OPENAPI, null);
        }
        if (path.equals("/admin/query-analysis")) {
            return ok(Route.QUERY_ANALYSIS, null);
        }
        if (!path.startsWith(API + "/")) {
            return notFound();
        }
        String[] s = path.substring(API.length() + 1).split("/", -1);
        if (s.length == 2 && s[0].equals("recommendations") && !s[1].isEmpty()) {
            return ok(Route.RECOMMENDATION, s[1]);
        }
        if (s.length == 2 && s[0].equals("plans") && s[1].equals("catalog")) {
            return ok(Route.CATALOG, null);
        }
        if (s.length == 2 && s[0].equals("plans") && !s[1].isEmpty()) {
            return ok(Route.PLAN, s[1]);
        }
        if (s.length == 3 && s[0].equals("users") && !s[1].isEmpty() && s[2].equals("usage-analysis")) {
            return ok(Route.USAGE_ANALYSIS, s[1]);
        }
        if (s.length == 3 && s[0].equals("users") && !s[1].isEmpty() && s[2].equals("profile")) {
            return ok(Route.PROFILE, s[1]);
        }
        return notFound();
    }

    private static Match ok(Route route, String id) {
        return new Match(route, id, Kind.OK);
    }

    private static Match notFound() {
        return new Match(null, null, Kind.NOT_FOUND);
    }

    /** Strict percent-decoding of one path segment ({@code +} stays a plus); malformed escapes are a 400. */
    static String decode(String field, String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    throw new BadRequestException(field, "malformed percent-encoding");
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new BadRequestException(field, "malformed percent-encoding");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException(field, "malformed percent-encoding");
        }
    }
}
