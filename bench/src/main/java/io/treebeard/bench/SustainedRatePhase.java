package io.treebeard.bench;

import io.treebeard.demo.SampleData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/**
 * Freshness and throughput: source changes committed to PostgreSQL at a fixed rate, stepped up until a step is not
 * sustained, with latency probes, consumer lag, the services' per-stage freshness and the CPU of every part per step.
 */
final class SustainedRatePhase implements Phase {

    /** The rates searched, in order, until one is not sustained (changes/s). */
    public static final List<Integer> SEARCH_RATES = List.of(500, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 8_000, 10_000);
    /** Rates always run (goals), after the search if it did not reach them. */
    public static final List<Integer> GOAL_RATES = List.of(1_000, 5_000);
    /** The search adds one step halfway between the last sustained and the first failed rate (rounded to this). */
    public static final int REFINE_ROUNDING = 250;
    /** One step, seconds. */
    public static final int STEP_SECONDS = 60;
    /** A group keeps up when its lag grows by less than this many seconds of its input over the step. */
    public static final double LAG_GROWTH_LIMIT_SECONDS = 2;
    /** Latency probes committed per second (changes to dedicated sample users). */
    public static final double PROBES_PER_SECOND = 10;
    /** Dedicated sample users: the users among the last {@link #SAMPLE_POOL} in the regions where no nudged plan is sold. */
    public static final int SAMPLE_POOL = 400;
    /** A probe not served this long after its commit is lost (the load JVM keeps polling the stragglers until then). */
    public static final int GIVE_UP_SECONDS = 120;
    /** A plan price update every this many seconds during a step ({@code -Dbench.planEverySeconds}). */
    public static final int PLAN_EVERY_SECONDS = Integer.getInteger("bench.planEverySeconds", 20);
    /** Plans nudged in turn (sold in TX-NORTH and TX-SOUTH, where no sample user lives). */
    public static final List<String> NUDGED_PLANS = List.of("plan-2", "plan-9");
    /**
     * The load JVM commits on one connection in 10 ms ticks; if it cannot keep the rate (it catches up by committing
     * without pauses, so the step lasts longer), the step did not test its rate: below this share it is not sustained.
     */
    public static final double MIN_ACHIEVED_SHARE = 0.95;
    /** Goal for the probes' p99 at rates up to {@link #STRICT_RATE}, milliseconds. */
    public static final double GOAL_P99_STRICT_MS = 250;
    /** See {@link #GOAL_P99_STRICT_MS}. */
    public static final int STRICT_RATE = 1_000;
    /** Goal for the probes' p99 above {@link #STRICT_RATE}, milliseconds. */
    public static final double GOAL_P99_MS = 500;
    /** Goal: the highest sustained rate, changes/s. */
    public static final int GOAL_RATE = 5_000;
    /** Before a step: lag (recommender + projector) below this many records and no plan fan-out pending. */
    public static final long SETTLE_LAG = 100;
    /** A step starts after this even if the pipeline has not settled (the step then says so). */
    public static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(3);
    /** Cores of the budget (the project's machine): the ceiling is CORES × 1,000,000 µs per second ÷ µs per change. */
    public static final int CORES = 2;
    /** Part name of the load JVM in the CPU table. */
    static final String LOAD_JVM = "load generator and probes (forked JVM)";

    /**
     * One step.
     *
     * @param rate            the intended rate
     * @param achieved        changes committed per second of the load, as it really ran
     * @param committed       usage changes committed (background and probes)
     * @param sent            probes committed
     * @param served          probes served, however late
     * @param lost            probes never served within the give-up time
     * @param freshnessMs     commit → API latency of the served probes
     * @param lagGrowthSec    recommender and projector lag growth over the step, in seconds of their input
     * @param settled         whether the pipeline had settled before the step
     * @param stages          per-stage p50/p99 (ms) and count
     * @param cpuMicros       CPU microseconds per committed change, per part
     */
    record Step(int rate, double achieved, long committed, long sent, long served, long lost, Histogram freshnessMs, double[] lagGrowthSec,
            boolean settled, Map<String, double[]> stages, Map<String, Double> cpuMicros) {

        double p99() {
            return served == 0 ? Double.NaN : freshnessMs.getValueAtPercentile(99);
        }

        double goalP99() {
            return rate <= STRICT_RATE ? GOAL_P99_STRICT_MS : GOAL_P99_MS;
        }

        boolean keptUp() {
            return lagGrowthSec[0] < LAG_GROWTH_LIMIT_SECONDS && lagGrowthSec[1] < LAG_GROWTH_LIMIT_SECONDS;
        }

        boolean sustained() {
            return achieved >= MIN_ACHIEVED_SHARE * rate && keptUp() && sent > 0 && lost == 0 && p99() <= goalP99();
        }

        double cpuSum() {
            return cpuMicros.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** Changes/s the cores could carry at this step's CPU per change. */
        double ceiling() {
            return CORES * 1e6 / cpuSum();
        }
    }

    @Override
    public String name() {
        return "freshness";
    }

    /** Runs one step at a rate. */
    @FunctionalInterface
    interface StepRunner {
        Step run(int rate) throws Exception;
    }

    @Override
    public void run(SuiteContext ctx) throws Exception {
        report(ctx, search(rate -> step(ctx, rate)));
    }

    /**
     * The search: {@link #SEARCH_RATES} in order until a step is not sustained, one refinement step halfway between the
     * last sustained and the first failed rate, then any {@link #GOAL_RATES} not run yet. Steps by rate.
     */
    static Map<Integer, Step> search(StepRunner runner) throws Exception {
        Map<Integer, Step> steps = new TreeMap<>();
        Integer lastPass = null;
        Integer firstFail = null;
        for (int rate : SEARCH_RATES) {
            Step step = runner.run(rate);
            steps.put(rate, step);
            if (!step.sustained()) {
                firstFail = rate;
                break;
            }
            lastPass = rate;
        }
        if (lastPass != null && firstFail != null) {
            int mid = (int) Math.round((lastPass + firstFail) / 2.0 / REFINE_ROUNDING) * REFINE_ROUNDING;
            if (mid > lastPass && mid < firstFail) {
                steps.put(mid, runner.run(mid));
            }
        }
        for (int rate : GOAL_RATES) {
            if (!steps.containsKey(rate)) {
                steps.put(rate, runner.run(rate));
            }
        }
        return steps;
    }

    private Step step(SuiteContext ctx, int rate) throws Exception {
        PipelineProbe probe = ctx.probe();
        boolean settled = probe.awaitSettled(SETTLE_LAG, SETTLE_TIMEOUT);
        Map<FreshnessStages.Stage, PromHistogram> stagesBefore = FreshnessStages.scrape(probe, ctx.pipeline());
        AtomicReference<Map<String, Long>> cpuStart = new AtomicReference<>();
        AtomicReference<Map<String, Long>> cpuEnd = new AtomicReference<>();
        AtomicReference<PipelineProbe.GroupLag[]> lagStart = new AtomicReference<>();
        AtomicReference<PipelineProbe.GroupLag[]> lagEnd = new AtomicReference<>();
        long[] clock = new long[2];
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("jdbc", ctx.servers().jdbcUrl());
        args.put("user", ctx.servers().user());
        args.put("password", ctx.servers().password());
        args.put("api", ctx.queryUrl());
        int users = ctx.users().size();
        args.put("backgroundUsers", users - SAMPLE_POOL);
        // User n lives in REGIONS[n % 4]: TX-WEST and TX-COAST (n % 4 >= 2) sell neither nudged plan, so a sample user's
        // version moves only because of its own sampled change.
        args.put("sampleUsers", IntStream.rangeClosed(users - SAMPLE_POOL + 1, users).filter(n -> n % 4 >= 2).mapToObj(Integer::toString)
                .collect(Collectors.joining(",")));
        args.put("plans", String.join(",", NUDGED_PLANS));
        args.put("lastDay", SampleData.lastDay());
        args.put("planEveryMs", PLAN_EVERY_SECONDS * 1000L);
        args.put("rate", rate);
        args.put("durationMs", SuiteContext.scaled(STEP_SECONDS).toMillis());
        args.put("samplesPerSecond", PROBES_PER_SECOND);
        args.put("giveUpMs", GIVE_UP_SECONDS * 1000L);
        // A new seed per step: repeating the previous step's values would leave the rows as they were (no new document).
        args.put("seed", System.nanoTime());
        ForkedLoad load = ForkedLoad.start("source-changes", args, event -> {
            // Lag and CPU are read the moment the load starts and stops: read after the wait for the last probes, the
            // lag would hide a backlog drained during that wait, and the CPU would include the drain.
            if (event.equals("load-start")) {
                lagStart.set(new PipelineProbe.GroupLag[] {probe.recommenderLag(), probe.projectorLag()});
                cpuStart.set(ctx.cpu().snapshot());
                clock[0] = System.nanoTime();
            } else if (event.equals("load-end")) {
                clock[1] = System.nanoTime();
                cpuEnd.set(ctx.cpu().snapshot());
                lagEnd.set(new PipelineProbe.GroupLag[] {probe.recommenderLag(), probe.projectorLag()});
            }
        });
        JsonNode result = load.await(Duration.ofSeconds(STEP_SECONDS + GIVE_UP_SECONDS + 120));
        Map<FreshnessStages.Stage, PromHistogram> stagesAfter = FreshnessStages.scrape(probe, ctx.pipeline());
        double seconds = (clock[1] - clock[0]) / 1e9;
        long committed = result.get("committed").asLong();
        double[] growth = new double[2];
        for (int g = 0; g < 2; g++) {
            PipelineProbe.GroupLag a = lagStart.get()[g];
            PipelineProbe.GroupLag b = lagEnd.get()[g];
            double inputPerSecond = (b.endOffsets() - a.endOffsets()) / seconds;
            growth[g] = inputPerSecond <= 0 ? 0 : (b.lag() - a.lag()) / inputPerSecond;
        }
        Map<String, double[]> stages = new LinkedHashMap<>();
        stagesAfter.forEach((stage, after) -> {
            PromHistogram step = after.minus(stagesBefore.get(stage));
            stages.put(stage.title(), new double[] {1000 * step.quantile(0.5), 1000 * step.quantile(0.99), step.count()});
        });
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpuEnd.get().forEach((part, nanos) -> cpu.put(part, (nanos - cpuStart.get().getOrDefault(part, 0L)) / 1000.0 / committed));
        cpu.put(LOAD_JVM, result.get("cpuNanos").asDouble() / 1000.0 / committed);
        Step step = new Step(rate, committed / seconds, committed, result.get("sent").asLong(), result.get("served").asLong(),
                result.get("lost").asLong(), ForkedLoad.histogram(result, "freshnessMs"), growth, settled, stages, cpu);
        Suite.say(String.format(Locale.ROOT, "Step %,d changes/s%s: %,d committed in %.1f s (%,.0f/s); probes %d sent, %d served, %d lost;"
                        + " p50 %s, p99 %s, max %s ms; lag growth recommender %.1f s, projector %.1f s of input (end lag %,d / %,d);"
                        + " CPU %.0f µs/change (ceiling %,.0f/s) -> %s", rate, settled ? "" : " (pipeline had not settled)",
                committed, seconds, step.achieved(), step.sent(), step.served(), step.lost(), ms(step.freshnessMs(), 50),
                ms(step.freshnessMs(), 99),
                step.served() == 0 ? "—" : Long.toString(step.freshnessMs().getMaxValue()), growth[0], growth[1],
                lagEnd.get()[0].lag(), lagEnd.get()[1].lag(), step.cpuSum(), step.ceiling(),
                step.sustained() ? "sustained" : "not sustained"));
        ctx.cpu().topThreads(10).forEach((name, group) -> Suite.say("  busy thread: " + name + " -> " + group));
        return step;
    }

    private static String ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "—" : Long.toString(h.getValueAtPercentile(percentile));
    }

    private void report(SuiteContext ctx, Map<Integer, Step> steps) {
        BenchReport report = ctx.report();
        int highest = steps.values().stream().filter(Step::sustained).mapToInt(Step::rate).max().orElse(0);
        report.atLeast("throughput.sustained", String.format(Locale.ROOT, "highest sustained source change rate (search from %,d/s;"
                + " 0 = none sustained)", SEARCH_RATES.get(0)), highest, "changes/s", GOAL_RATE, null);
        for (int rate : GOAL_RATES) {
            Step s = steps.get(rate);
            String at = String.format(Locale.ROOT, " at %,d changes/s", rate);
            String prefix = "freshness." + rate;
            Histogram h = s.freshnessMs();
            boolean any = s.served() > 0;
            report.add(prefix + ".p50", "commit → API p50" + at, any ? h.getValueAtPercentile(50) : Double.NaN, "ms", null);
            report.atMost(prefix + ".p99", "commit → API p99" + at, s.p99(), "ms", s.goalP99(), "a whole TTL (up to 24 h)");
            report.add(prefix + ".max", "commit → API max" + at, any ? h.getMaxValue() : Double.NaN, "ms", null);
            report.add(prefix + ".probes.sent", "latency probes sent" + at, s.sent(), "probes", null);
            report.add(prefix + ".probes.served", "latency probes served (however late)" + at, s.served(), "probes", null);
            report.atMost(prefix + ".probes.lost",
                    String.format(Locale.ROOT, "latency probes lost (not served within %d s)", GIVE_UP_SECONDS) + at,
                    s.lost(), "probes", 0, null);
            report.atMost(prefix + ".lag.recommender", "recommender lag growth over the step" + at, s.lagGrowthSec()[0], "s of input",
                    LAG_GROWTH_LIMIT_SECONDS, null);
            report.atMost(prefix + ".lag.projector", "projector lag growth over the step" + at, s.lagGrowthSec()[1], "s of input",
                    LAG_GROWTH_LIMIT_SECONDS, null);
            int i = 0;
            for (Map.Entry<String, double[]> stage : s.stages().entrySet()) {
                String id = prefix + ".stage" + (++i);
                report.add(id + ".p50", stage.getKey() + " p50" + at, stage.getValue()[0], "ms", null);
                report.add(id + ".p99", stage.getKey() + " p99" + at, stage.getValue()[1], "ms", null);
            }
            report.add(prefix + ".cpu", "CPU per source change, all parts" + at, s.cpuSum(), "µs", null);
            report.add(prefix + ".ceiling", String.format(Locale.ROOT, "implied ceiling on %d cores", CORES) + at, s.ceiling(), "changes/s",
                    null);
        }
        report.section("rates", rateTable(steps));
        report.section("cpu", cpuTable(steps, highest));
        List<Map<String, Object>> detail = new ArrayList<>();
        for (Step s : steps.values()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("rate", s.rate());
            d.put("achieved_per_s", s.achieved());
            d.put("committed", s.committed());
            d.put("probes_sent", s.sent());
            d.put("probes_served", s.served());
            d.put("probes_lost", s.lost());
            d.put("p50_ms", nullable(s.served() == 0 ? Double.NaN : s.freshnessMs().getValueAtPercentile(50)));
            d.put("p99_ms", nullable(s.p99()));
            d.put("max_ms", s.served() == 0 ? null : s.freshnessMs().getMaxValue());
            d.put("lag_growth_recommender_s", nullable(s.lagGrowthSec()[0]));
            d.put("lag_growth_projector_s", nullable(s.lagGrowthSec()[1]));
            d.put("settled_before", s.settled());
            d.put("sustained", s.sustained());
            Map<String, Object> stages = new LinkedHashMap<>();
            s.stages().forEach((k, v) -> {
                Map<String, Object> stage = new LinkedHashMap<>();
                stage.put("p50_ms", nullable(v[0]));
                stage.put("p99_ms", nullable(v[1]));
                stage.put("count", v[2]);
                stages.put(k, stage);
            });
            d.put("stages", stages);
            Map<String, Object> cpu = new LinkedHashMap<>();
            s.cpuMicros().forEach((k, v) -> cpu.put(k, nullable(v)));
            d.put("cpu_us_per_change", cpu);
            d.put("cpu_us_per_change_sum", nullable(s.cpuSum()));
            d.put("ceiling_changes_per_s", nullable(s.ceiling()));
            detail.add(d);
        }
        report.detail("rate_steps", detail);
    }

    private static Object nullable(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static String rateTable(Map<Integer, Step> steps) {
        StringBuilder out = new StringBuilder("| changes/s | achieved/s | committed | probes sent / served / lost"
                + " | commit → API p50 / p99 / max"
                + " (ms) | p99 goal | lag growth recommender / projector (s of input) | sustained? |\n|---|---|---|---|---|---|---|---|\n");
        for (Step s : steps.values()) {
            Histogram h = s.freshnessMs();
            out.append(String.format(Locale.ROOT, "| %,d | %,.0f | %,d | %d / %d / %d | %s / %s / %s | ≤ %.0f | %.1f / %.1f | %s |%n",
                    s.rate(), s.achieved(), s.committed(), s.sent(), s.served(), s.lost(), ms(h, 50), ms(h, 99),
                    h.getTotalCount() == 0 ? "—" : Long.toString(h.getMaxValue()), s.goalP99(), s.lagGrowthSec()[0], s.lagGrowthSec()[1],
                    s.sustained() ? "yes" : "**no**" + (s.settled() ? "" : " (started unsettled)")));
        }
        out.append("\nPer-stage freshness from the services' histograms over the same steps (p50 / p99, ms, bucket upper bounds):\n\n");
        List<String> stageNames = FreshnessStages.STAGES.stream().map(FreshnessStages.Stage::title).toList();
        out.append("| changes/s | ").append(String.join(" | ", stageNames)).append(" |\n|---|")
                .append("---|".repeat(stageNames.size())).append('\n');
        for (Step s : steps.values()) {
            out.append(String.format(Locale.ROOT, "| %,d |", s.rate()));
            for (String stage : stageNames) {
                double[] v = s.stages().get(stage);
                out.append(v == null || v[2] == 0 ? " not recorded |" : String.format(Locale.ROOT, " %s / %s |", num(v[0]), num(v[1])));
            }
            out.append('\n');
        }
        return out.toString();
    }

    static String cpuTable(Map<Integer, Step> steps, int highestSustained) {
        List<String> parts = new ArrayList<>();
        steps.values().forEach(s -> s.cpuMicros().keySet().forEach(p -> {
            if (!parts.contains(p)) {
                parts.add(p);
            }
        }));
        StringBuilder out = new StringBuilder("CPU microseconds per committed source change, by part, during each step (the plan"
                + " updates' fan-outs included):\n\n| part |");
        steps.keySet().forEach(r -> out.append(String.format(Locale.ROOT, " %,d/s |", r)));
        out.append("\n|---|").append("---|".repeat(steps.size())).append('\n');
        for (String part : parts) {
            out.append("| ").append(part).append(" |");
            steps.values().forEach(s -> out.append(' ').append(num(s.cpuMicros().getOrDefault(part, Double.NaN))).append(" |"));
            out.append('\n');
        }
        out.append("| **sum** |");
        steps.values().forEach(s -> out.append(" **").append(num(s.cpuSum())).append("** |"));
        out.append(String.format(Locale.ROOT, "%n| implied ceiling on %d cores (%,d µs / sum), changes/s |", CORES, CORES * 1_000_000));
        steps.values().forEach(s -> out.append(' ').append(num(s.ceiling())).append(" |"));
        out.append("\n| achieved rate of the step as a share of that ceiling |");
        steps.values().forEach(s -> out.append(String.format(Locale.ROOT, " %.0f%% |", 100 * s.achieved() / s.ceiling())));
        out.append("\n\nOn a step that is not sustained, part of the work on its changes happens after the load stops (the"
                + " backlog), outside the measured window, so its µs per change understate the cost.\n");
        Step top = steps.get(highestSustained);
        out.append(top == null ? "\nNo step was sustained, so the measured sustained rate is 0% of every ceiling above.\n"
                : String.format(Locale.ROOT, "%nHighest sustained rate %,d changes/s = %.0f%% of the ceiling measured at that step.%n",
                        highestSustained, 100 * highestSustained / top.ceiling()));
        return out.toString();
    }

    private static String num(double v) {
        return !Double.isFinite(v) ? "—" : v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    @Override
    public String method() {
        return String.format(Locale.ROOT, "**Sustained rate, freshness and CPU** (`freshness`): the load JVM commits usage upserts to"
                + " PostgreSQL at a fixed rate for %d s per step, plus a plan price update every %d s (`-Dbench.planEverySeconds`;"
                + " plans %s in turn, each reaching the users of its regions). The rates are searched in order, %s changes/s,"
                + " until a step is not sustained; then one step halfway between the last sustained and the first failed rate"
                + " (rounded to %d), and the goal rates %s if the search did not run them. %.0f times a second a change to one"
                + " of the dedicated sample users (those of the last %d users in TX-WEST and TX-COAST, where neither nudged plan"
                + " is sold, so only their own change moves their version) is committed, and one poller thread in the load JVM"
                + " asks the read API every 2 ms for each change in flight until it serves a newer version for that user:"
                + " commit → API latency in an HdrHistogram (a user with a change still in flight gets no new one). After the"
                + " load the poller keeps polling the stragglers: a probe not served %d s after its commit is lost. Before each"
                + " step the pipeline settles (lag < %d records and no plan fan-out pending, at most %d min). Consumer lag of"
                + " the recommender and the projector (admin API: end offsets minus committed offsets) and the CPU of every"
                + " part are read when the load starts and the moment it stops. A step is **sustained** only if each group's"
                + " lag grew by less than %.0f s of its input (lag growth ÷ the group's input rate over the step) **and**"
                + " the load JVM kept at least %.0f%% of the rate (it commits on one connection in 10 ms ticks and catches up"
                + " when late, so a step it cannot feed lasts longer and is not counted) **and**"
                + " every probe was served **and** the probes' p99 is ≤ %.0f ms (≤ %.0f ms up to %,d changes/s). The"
                + " services' freshness timers (`treebeard.ingest.capture.freshness`, `treebeard.recommender.output.freshness`"
                + " with `output=recommendation`, `treebeard.projector.redis.freshness`, `treebeard.projector.readmodel.freshness`)"
                + " are scraped from `/actuator/prometheus` before the step and after its last probe; the difference of the"
                + " buckets gives each stage's p50/p99 for that step (as bucket upper bounds). **CPU per change**: threads of"
                + " the suite JVM by `ThreadMXBean` CPU time, grouped by name (first match wins: %s), threads with generic names"
                + " (`pool-N-thread-M`) by the first known package on their stack (%s); the rest of the process's CPU,"
                + " collector and JIT included, is its own line; Redis, PostgreSQL (postmaster with its reaped children"
                + " plus every live backend) and the forked read API by `/proc/<pid>/stat` utime + stime; the load JVM by its"
                + " own process CPU over the load; all divided by the changes committed. The ceiling is %d cores ×"
                + " 1,000,000 µs ÷ the sum.", STEP_SECONDS, PLAN_EVERY_SECONDS, String.join(" and ", NUDGED_PLANS),
                SEARCH_RATES.stream().map(r -> String.format(Locale.ROOT, "%,d", r)).collect(Collectors.joining(", ")), REFINE_ROUNDING,
                GOAL_RATES.stream().map(r -> String.format(Locale.ROOT, "%,d", r)).collect(Collectors.joining(" and ")),
                PROBES_PER_SECOND, SAMPLE_POOL, GIVE_UP_SECONDS, SETTLE_LAG, SETTLE_TIMEOUT.toMinutes(), LAG_GROWTH_LIMIT_SECONDS,
                100 * MIN_ACHIEVED_SHARE,
                GOAL_P99_MS, GOAL_P99_STRICT_MS, STRICT_RATE,
                CpuMeter.THREAD_GROUPS.entrySet().stream().map(e -> e.getKey() + " `" + e.getValue().pattern() + "`")
                        .collect(Collectors.joining(", ")),
                new java.util.TreeMap<>(CpuMeter.STACK_GROUPS).entrySet().stream().map(e -> "`" + e.getKey() + "` " + e.getValue())
                        .collect(Collectors.joining(", ")), CORES);
    }
}
