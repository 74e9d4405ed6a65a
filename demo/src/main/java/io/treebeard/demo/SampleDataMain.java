package io.treebeard.demo;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The sample-data generator as a command: deterministic from a seed, scalable by user count, written through the write
 * API or with COPY.
 *
 * <pre>
 * sample --users 1000 --seed 7 --mode api  --ingest http://localhost:8081 --key treebeard-dev-key
 * sample --users 100000 --seed 7 --mode copy --jdbc jdbc:postgresql://localhost:5432/treebeard --user postgres [--password p]
 * </pre>
 */
public final class SampleDataMain {

    private SampleDataMain() {
    }

    /** Runs the generator; exits non-zero naming the bad argument. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        int users = Integer.parseInt(options.getOrDefault("users", String.valueOf(DemoOptions.DEFAULT_USERS)));
        long seed = Long.parseLong(options.getOrDefault("seed", String.valueOf(DemoOptions.DEFAULT_SEED)));
        SampleData data = new SampleData(seed, users);
        String mode = options.getOrDefault("mode", "api");
        long started = System.nanoTime();
        switch (mode) {
            case "api" -> SampleLoader.viaApi(required(options, "ingest"), options.getOrDefault("key", Pipeline.DEV_KEY), data,
                    System.out::println);
            case "copy" -> SampleCopy.load(required(options, "jdbc"), options.getOrDefault("user", "postgres"),
                    options.getOrDefault("password", ""), data, System.out::println);
            default -> throw new IllegalArgumentException("--mode must be api or copy, was " + mode);
        }
        System.out.printf(Locale.ROOT, "Done in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required for this mode");
        }
        return value;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
