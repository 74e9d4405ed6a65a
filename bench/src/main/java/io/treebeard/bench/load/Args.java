package io.treebeard.bench.load;

import java.util.HashMap;
import java.util.Map;

/** {@code key=value} arguments of a forked load run. */
final class Args {

    private final Map<String, String> values = new HashMap<>();

    Args(String[] args) {
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
    }

    String string(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing argument " + key);
        }
        return value;
    }

    String string(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    int integer(String key) {
        return Integer.parseInt(string(key));
    }

    long millis(String key) {
        return Long.parseLong(string(key));
    }

    double number(String key) {
        return Double.parseDouble(string(key));
    }
}
