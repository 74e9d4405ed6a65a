package io.treebeard.service.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.core.env.Environment;

/**
 * Refuses to start a service whose secrets are empty or placeholders ({@code change-me-*}, as an example file would
 * hold), naming each key. A service lists its secret keys in {@code treebeard.secrets.keys}; the demo and the tests,
 * which run against throw-away servers, set {@code treebeard.secrets.allow-placeholders=true}.
 */
public final class SecretCheck {

    /** The property listing a service's secret keys. */
    public static final String KEYS = "treebeard.secrets.keys";

    /** The property that lets placeholders through (demo and tests only). */
    public static final String ALLOW = "treebeard.secrets.allow-placeholders";

    private SecretCheck() {
    }

    /** Whether {@code value} is no real secret. */
    public static boolean isPlaceholder(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return v.isEmpty() || v.startsWith("change-me") || v.startsWith("changeme");
    }

    /**
     * Checks every key of {@link #KEYS} in {@code environment}.
     *
     * @throws IllegalStateException naming every empty or placeholder secret
     */
    public static void check(Environment environment) {
        if (environment.getProperty(ALLOW, Boolean.class, false)) {
            return;
        }
        String[] keys = environment.getProperty(KEYS, String[].class, new String[0]);
        List<String> bad = new ArrayList<>();
        for (String key : keys) {
            if (!key.isBlank() && isPlaceholder(environment.getProperty(key.strip()))) {
                bad.add(key.strip());
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalStateException("Refusing to start: secret(s) " + String.join(", ", bad)
                    + " empty or a placeholder (change-me-*); set a real value (the demo and tests set " + ALLOW + "=true)");
        }
    }
}
