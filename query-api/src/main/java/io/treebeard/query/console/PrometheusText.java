package io.treebeard.query.console;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the samples of the Prometheus text exposition format (version 0.0.4, what every service's
 * {@code /actuator/prometheus} writes): {@code name{label="value",...} value [timestamp]}. Comments, help and type lines
 * are skipped; a malformed line is skipped, not fatal, so one odd metric never hides the others. The Prometheus Java
 * client writes this format but has no reader for it, hence these few lines.
 */
public final class PrometheusText {

    /** One sample. */
    public record Sample(String name, Map<String, String> labels, double value) {

        /** The value of {@code label}, or null. */
        public String label(String label) {
            return labels.get(label);
        }
    }

    private PrometheusText() {
    }

    /** Every sample of {@code text}, in order. */
    public static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            Sample s = line(l);
            if (s != null) {
                samples.add(s);
            }
        }
        return samples;
    }

    private static Sample line(String l) {
        int i = 0;
        while (i < l.length() && l.charAt(i) != '{' && l.charAt(i) != ' ') {
            i++;
        }
        String name = l.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < l.length() && l.charAt(i) == '{') {
            i++;
            while (i < l.length() && l.charAt(i) != '}') {
                int eq = l.indexOf('=', i);
                if (eq < 0 || eq + 1 >= l.length() || l.charAt(eq + 1) != '"') {
                    return null;
                }
                String key = l.substring(i, eq).strip();
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; j < l.length() && l.charAt(j) != '"'; j++) {
                    char c = l.charAt(j);
                    if (c == '\\' && j + 1 < l.length()) {
                        char n = l.charAt(++j);
                        value.append(n == 'n' ? '\n' : n);
                    } else {
                        value.append(c);
                    }
                }
                if (j >= l.length()) {
                    return null;
                }
                labels.put(key, value.toString());
                i = j + 1;
                if (i < l.length() && l.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = l.substring(Math.min(i, l.length())).strip().split("\\s+");
        if (name.isEmpty() || rest.length == 0 || rest[0].isEmpty()) {
            return null;
        }
        try {
            return new Sample(name, Collections.unmodifiableMap(labels), value(rest[0]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double value(String v) {
        switch (v) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                return Double.parseDouble(v);
        }
    }
}
