package io.treebeard.bench;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The method section of docs/performance.md, generated from the phases' constants and {@link Suite#ORDER}, so rates,
 * durations, timeouts, sample sizes and the phase order written there are the ones the code runs. The suite writes it
 * between the {@code bench:method} markers on every run ({@code bench method} writes it alone), and
 * {@code MethodDocTest} fails when the file and the code disagree.
 */
final class MethodDoc {

    private MethodDoc() {
    }

    /** Writes the section into {@code performanceMd} between its markers. */
    static void write(java.nio.file.Path performanceMd) throws java.io.IOException {
        java.nio.file.Files.writeString(performanceMd, BenchReport.replaceBetween(java.nio.file.Files.readString(performanceMd), START, END,
                render()));
    }

    static final String START = "<!-- bench:method:start -->";
    static final String END = "<!-- bench:method:end -->";

    /** The section's Markdown. */
    static String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "One JVM starts real embedded servers (Kafka KRaft in-process; PostgreSQL 14 with"
                + " logical replication and Redis 6.2 as processes of their own), ingest (with the Debezium capture),"
                + " recommender-streams and cache-projector. **query-api runs in a JVM of its own** (its runnable jar, `%s`,"
                + " default G1), as a deployment runs it, and **every load generator and latency probe runs in a forked load"
                + " JVM** (`%s`; one per run, results back as JSON), so no measured latency includes the pauses of the heap"
                + " that holds the broker and the stream processor. Everything shares the same 2 cores. %,d users"
                + " (`-Dbench.users`; four regions, one reading each) and 25 plans are loaded with `COPY`; the run starts once"
                + " every user's document is in Redis (at most %d min). Every phase but the last starts only when the pipeline"
                + " has caught up with the previous one: consumer lag of the recommender and the projector below %d records"
                + " **and** no plan fan-out still walking its users (`treebeard_recommender_fanout_pending_jobs` = 0), at most"
                + " %d min. Latencies are coordinated-omission corrected (taken from each request's intended send time) and"
                + " kept in HdrHistograms; every result carries the git commit it ran on. Then, in this order (%s):%n%n",
                String.join(" ", ForkedQueryApi.JVM_OPTIONS), String.join(" ", ForkedLoad.JVM_OPTIONS), Suite.DEFAULT_USERS,
                Suite.INITIAL_LOAD_TIMEOUT.toMinutes(), Suite.SETTLE_LAG, Suite.SETTLE_TIMEOUT.toMinutes(),
                Suite.ORDER.stream().map(p -> "`" + p.name() + "`").collect(Collectors.joining(", "))));
        int n = 0;
        for (Phase phase : Suite.ORDER) {
            out.append(++n).append(". ").append(phase.method()).append("\n");
        }
        out.append("\nDurations are the ones at `-Dbench.scale=1.0` (every duration is multiplied by it; a smaller value is a"
                + " smoke run whose figures are not comparable). `-Dbench.phases=")
                .append(Suite.ORDER.stream().map(Phase::name).collect(Collectors.joining(",")))
                .append("` runs a subset, for investigation; the report then holds only those figures.\n");
        return out.toString();
    }
}
