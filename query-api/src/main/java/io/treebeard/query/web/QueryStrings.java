package io.treebeard.query.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Strict parsing of a raw query string: a malformed escape is a 400 naming the parameter, never a server error. */
public final class QueryStrings {

    /** Parameters beyond this many are a 400: no route needs more. */
    static final int MAX_PARAMETERS = 32;

    private QueryStrings() {
    }

    /** Name to values, in order; null or empty gives an empty map. */
    public static Map<String, List<String>> parse(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        int count = 0;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > MAX_PARAMETERS) {
                throw new BadRequestException("query", "more than " + MAX_PARAMETERS + " parameters");
            }
            int eq = pair.indexOf('=');
            String name = Routes.decode("query", eq < 0 ? pair : pair.substring(0, eq));
            String value = Routes.decode(name, eq < 0 ? "" : pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }
}
