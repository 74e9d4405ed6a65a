package io.treebeard.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/** One plan price change reaching every user in Redis. */
final class FanoutPhase implements Phase {

    /** The plan every user may take (100% renewable, month-to-month), loaded with the sources. */
    public static final String PLAN = "bench-all";
    /** Goal: every user's document in Redis newer within this many seconds. */
    public static final double GOAL_SECONDS = 5;
    /** Users read per watcher round (pipelined HGET of the version field), only those not yet seen updated. */
    public static final int WATCH_BATCH = 5_000;
    /** Users still stale after this are reported as never updated. */
    public static final Duration TIMEOUT = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "fanout";
    }

    @Override
    public void run(SuiteContext ctx) throws Exception {
        List<String> users = ctx.users();
        Map<String, Long> before = ctx.probe().versions(users);
        long started = System.nanoTime();
        try (Connection c = ctx.connect(); PreparedStatement cheap = c.prepareStatement(
                "UPDATE plan_catalog SET rate_structure = '{\"energy\": {\"type\": \"flat\", \"rate\": 0.01}}', updated_at = now()"
                        + " WHERE plan_id = ?")) {
            cheap.setString(1, PLAN);
            cheap.executeUpdate();
        }
        List<String> stale = awaitNewVersions(ctx, before);
        double seconds = stale.isEmpty() ? (System.nanoTime() - started) / 1e9 : Double.NaN;
        Suite.say(String.format(Locale.ROOT, "Fan-out: %,d users updated in Redis in %.2f s%s", users.size() - stale.size(), seconds,
                stale.isEmpty() ? "" : "; not updated after " + TIMEOUT + ": " + stale.size() + ", e.g. " + stale.get(0)));
        ctx.report().atMost("fanout.seconds", String.format(Locale.ROOT, "one plan price change reaching %,d users in Redis",
                users.size()), seconds, "s", GOAL_SECONDS, null);
    }

    /**
     * Waits until every user's document in Redis has a version above {@code before}, and returns the users that never
     * got one. Only users not yet seen updated are read, a few thousand per round, so watching costs Redis little and
     * the final rounds (over the last few users) show the end within milliseconds.
     */
    private static List<String> awaitNewVersions(SuiteContext ctx, Map<String, Long> before) {
        List<String> remaining = new ArrayList<>(ctx.users());
        int cursor = 0;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!remaining.isEmpty() && System.nanoTime() < deadline) {
            int to = Math.min(remaining.size(), cursor + WATCH_BATCH);
            List<String> chunk = remaining.subList(cursor, to);
            Map<String, Long> now = ctx.probe().versions(chunk);
            List<String> stillOld = chunk.stream().filter(u -> now.getOrDefault(u, -1L) <= before.getOrDefault(u, -1L)).toList();
            List<String> next = new ArrayList<>(remaining.size());
            next.addAll(remaining.subList(0, cursor));
            next.addAll(stillOld);
            next.addAll(remaining.subList(to, remaining.size()));
            remaining = next;
            cursor += stillOld.size();
            if (cursor >= remaining.size()) {
                cursor = 0;
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
        return remaining;
    }

    @Override
    public String method() {
        return String.format(Locale.ROOT, "**Fan-out** (`fanout`): a plan sold in all four regions (`%s`: 100%% renewable,"
                + " month-to-month, so no user's preferences exclude it) drops its price so that it becomes every user's best"
                + " plan; the clock runs from the `UPDATE`'s commit until every one of the users' `tb:rec:{user}` keys holds a"
                + " newer version. The watcher (in the suite JVM: it reads Redis, not the API) reads with pipelined"
                + " `HGET … v` only the users not yet seen updated, %,d per round, so it costs Redis little and sees the last"
                + " users within milliseconds; users still stale after %d min are reported. Goal: < %.0f s.",
                PLAN, WATCH_BATCH, TIMEOUT.toMinutes(), GOAL_SECONDS);
    }
}
