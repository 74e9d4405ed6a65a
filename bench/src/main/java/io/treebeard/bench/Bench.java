package io.treebeard.bench;

import java.util.Arrays;
import java.util.Locale;

/** Entry point of the benchmarks: {@code Bench <name> [options]}. */
public final class Bench {

    private Bench() {
    }

    /** Runs the named benchmark. */
    public static void main(String[] args) throws Exception {
        System.setProperty("logback.configurationFile",
                System.getProperty("logback.configurationFile", "treebeard-stack-logback.xml"));
        String name = args.length == 0 ? "ingest" : args[0].toLowerCase(Locale.ROOT);
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (name) {
            case "ingest" -> IngestBulkBenchmark.main(rest);
            case "fanout" -> RecommenderBenchmark.fanout(rest);
            case "usage" -> RecommenderBenchmark.usage(rest);
            case "suite" -> Suite.main(rest);
            case "method" -> MethodDoc.write(java.nio.file.Path.of(System.getProperty("bench.performanceMd", "docs/performance.md")));
            default -> throw new IllegalArgumentException("Unknown benchmark '" + name + "'; known: suite, method, ingest, fanout, usage");
        }
    }
}
