package io.treebeard.bench.load;

import io.treebeard.demo.Pipeline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Source changes committed to PostgreSQL at a fixed rate (usage upserts, and now and then a plan price update), with a
 * freshness probe: now and then a change to a dedicated sample user, timed from its commit until the read API returns
 * a newer document version for that user.
 */
public final class SourceChangeLoad {

    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");
    private static final long TICK_NANOS = 10_000_000L;

    /**
     * What one run measured.
     *
     * @param committed  usage changes committed (background and samples)
     * @param sent       sampled changes committed (probes)
     * @param served     probes whose change the API served, however late
     * @param lost       probes not served within the give-up time after their commit
     * @param freshness  commit-to-API latency of the served probes, in milliseconds
     */
    public record Result(long committed, long sent, long served, long lost, Histogram freshness) {
    }

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String apiBase;
    private final List<String> backgroundUsers;
    private final List<String> sampleUsers;
    private final List<String> plans;
    private final LocalDate lastDay;
    private final Duration planEvery;
    private final long seed;
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * @param backgroundUsers users that take the bulk of the changes
     * @param sampleUsers     users that only take sampled changes (so their version moves only because of a sample)
     * @param plans           plans whose price is nudged in turn, one every {@code planEvery}
     * @param lastDay         the latest reading date in the data; changes land in the 30 days before it
     * @param seed            seed of the changes: a run must not repeat an earlier run's values, or its upserts leave the
     *                        rows as they were, no document changes, and no probe is ever served
     */
    public SourceChangeLoad(String jdbcUrl, String user, String password, String apiBase, List<String> backgroundUsers,
            List<String> sampleUsers, List<String> plans, LocalDate lastDay, Duration planEvery, long seed) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.apiBase = apiBase;
        this.backgroundUsers = List.copyOf(backgroundUsers);
        this.sampleUsers = List.copyOf(sampleUsers);
        this.plans = List.copyOf(plans);
        this.lastDay = lastDay;
        this.planEvery = planEvery;
        this.seed = seed;
    }

    /**
     * Commits {@code rate} usage changes per second for {@code duration}, sampling {@code samplesPerSecond} of them;
     * {@code atLoadStart} runs just before the first change, {@code atLoadEnd} as soon as the last change is committed,
     * before the wait for the last probes (each is given up {@code giveUp} after its commit).
     */
    public Result run(double rate, Duration duration, double samplesPerSecond, Duration giveUp, Runnable atLoadStart,
            Runnable atLoadEnd) throws SQLException, InterruptedException {
        Probes probes = new Probes(giveUp);
        AtomicLong committed = new AtomicLong();
        Thread sampler = new Thread(() -> sample(samplesPerSecond, duration, probes, committed), "freshness-sampler");
        Thread poller = new Thread(probes::pollUntilDone, "freshness-poller");
        atLoadStart.run();
        sampler.start();
        poller.start();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            c.setAutoCommit(false);
            background(c, rate, duration, committed);
            atLoadEnd.run();
        } finally {
            sampler.join();
            probes.noMore();
            poller.join();
        }
        return new Result(committed.get(), probes.sent.get(), probes.seen.get(), probes.lost.get(),
                probes.freshness.getIntervalHistogram());
    }

    private void background(Connection c, double rate, Duration duration, AtomicLong committed) throws SQLException {
        SplittableRandom random = new SplittableRandom(seed);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long nextPlan = start + planEvery.toNanos();
        double owed = 0;
        int planTurn = 0;
        try (PreparedStatement usage = c.prepareStatement(UPSERT);
                PreparedStatement plan = c.prepareStatement(NUDGE_PLAN)) {
            for (long tick = start; tick < end; tick += TICK_NANOS) {
                for (long now = System.nanoTime(); now < tick; now = System.nanoTime()) {
                    LockSupport.parkNanos(tick - now);
                }
                owed += rate * TICK_NANOS / 1e9;
                int rows = (int) owed;
                owed -= rows;
                for (int i = 0; i < rows; i++) {
                    bind(usage, backgroundUsers.get(random.nextInt(backgroundUsers.size())), random);
                    usage.addBatch();
                }
                if (!plans.isEmpty() && tick >= nextPlan) {
                    plan.setString(1, plans.get(planTurn++ % plans.size()));
                    plan.executeUpdate();
                    nextPlan += planEvery.toNanos();
                }
                if (rows > 0) {
                    usage.executeBatch();
                }
                c.commit();
                committed.addAndGet(rows);
            }
        }
    }

    private void sample(double perSecond, Duration duration, Probes probes, AtomicLong committed) {
        SplittableRandom random = new SplittableRandom(~seed);
        long interval = (long) (1e9 / perSecond);
        long end = System.nanoTime() + duration.toNanos();
        int turn = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement usage = c.prepareStatement(UPSERT)) {
            for (long next = System.nanoTime(); next < end; next += interval) {
                for (long now = System.nanoTime(); now < next; now = System.nanoTime()) {
                    LockSupport.parkNanos(next - now);
                }
                String sampleUser = sampleUsers.get(turn++ % sampleUsers.size());
                if (probes.pending(sampleUser)) {
                    continue; // its previous change is still on its way; a second one would blur which one was seen
                }
                long before = version(sampleUser);
                bind(usage, sampleUser, random);
                usage.executeUpdate();
                probes.add(new Probe(sampleUser, before, System.nanoTime()));
                committed.incrementAndGet();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("sampler failed", e);
        }
    }

    /** A sampled change: its user, the version served before it, and its commit time. */
    private record Probe(String userId, long before, long committedAt) {
    }

    /**
     * The sampled changes in flight, polled by one thread through the read API every few milliseconds. One poller keeps
     * the probing load small and constant (a few requests per pending sample), so measuring does not slow what it
     * measures; a probe's latency is taken from its commit, so the poller's own delay counts against us, not for us.
     */
    private final class Probes {

        private static final long POLL_PAUSE_NANOS = 2_000_000L;

        private final Recorder freshness;
        private final long timeoutNanos;
        private final java.util.concurrent.ConcurrentLinkedQueue<Probe> incoming = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final java.util.Set<String> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong seen = new AtomicLong();
        private final AtomicLong lost = new AtomicLong();
        private volatile boolean done;

        Probes(Duration timeout) {
            this.timeoutNanos = timeout.toNanos();
            this.freshness = new Recorder(timeout.toMillis() + 1, 3);
        }

        boolean pending(String userId) {
            return inFlight.contains(userId);
        }

        void add(Probe probe) {
            sent.incrementAndGet();
            inFlight.add(probe.userId());
            incoming.add(probe);
        }

        void noMore() {
            done = true;
        }

        void pollUntilDone() {
            java.util.List<Probe> pending = new java.util.ArrayList<>();
            while (!done || !pending.isEmpty() || !incoming.isEmpty()) {
                for (Probe p = incoming.poll(); p != null; p = incoming.poll()) {
                    pending.add(p);
                }
                for (java.util.Iterator<Probe> it = pending.iterator(); it.hasNext(); ) {
                    Probe p = it.next();
                    long served = version(p.userId());
                    long now = System.nanoTime();
                    if (served > p.before()) {
                        freshness.recordValue(Math.max(1, (now - p.committedAt()) / 1_000_000));
                        seen.incrementAndGet();
                    } else if (now - p.committedAt() > timeoutNanos) {
                        lost.incrementAndGet();
                    } else {
                        continue;
                    }
                    it.remove();
                    inFlight.remove(p.userId());
                }
                LockSupport.parkNanos(POLL_PAUSE_NANOS);
            }
        }
    }

    /** The version the API serves for {@code user}, -1 when it serves none. */
    long version(String userId) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(apiBase + "/api/v1/recommendations/" + userId))
                    .header("Authorization", Pipeline.DEV_AUTHORIZATION).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = VERSION.matcher(response.body());
            return response.statusCode() == 200 && m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void bind(PreparedStatement usage, String userId, SplittableRandom random) throws SQLException {
        usage.setString(1, userId);
        usage.setObject(2, lastDay.minusDays(random.nextInt(30)));
        double kwh = 5 + random.nextDouble() * 60;
        usage.setBigDecimal(3, java.math.BigDecimal.valueOf(Math.round(kwh * 1000), 3));
        usage.setBigDecimal(4, java.math.BigDecimal.valueOf(Math.round(kwh * 400), 3));
    }

    private static final String UPSERT = "INSERT INTO usage_history (user_id, usage_date, kwh, peak_kwh) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (user_id, usage_date) DO UPDATE SET kwh = excluded.kwh, peak_kwh = excluded.peak_kwh";
    private static final String NUDGE_PLAN = "UPDATE plan_catalog SET rate_structure = jsonb_set(rate_structure, '{monthly_fee}',"
            + " to_jsonb(round((coalesce((rate_structure->>'monthly_fee')::numeric, 0) + 0.01) % 10, 2))), updated_at = now()"
            + " WHERE plan_id = ?";
}
