package io.treebeard.chaos;

import io.treebeard.schemas.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The steady load of every fault: five producers (usage through the write API, usage straight through SQL, plans
 * through the API, multi-plan SQL transactions, profile changes and user deletes) and reads at a fixed rate on both
 * query-api replicas. Every write's outcome goes into the {@link Model} and the current {@link Window}; every read's
 * answer into the window, and every served version is checked against the highest one seen for that document.
 */
final class Load implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Load.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);

    private final Stack stack;
    private final Model model;
    private final DataSource ds;
    private final long seed;
    private final int readsPerSecond;
    // Fair: a pause waits for the operations in flight and then holds new ones back.
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock(true);
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean apiUsageInFlight = new AtomicBoolean();
    private final Map<String, Seen> highestVersion = new ConcurrentHashMap<>();
    private final List<String> backwards = new CopyOnWriteArrayList<>();
    private final AtomicLong versionsChecked = new AtomicLong();
    private final HttpClient reads = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private volatile Window window = new Window("start");
    private volatile boolean stopped;
    private final AtomicLong planNames = new AtomicLong();

    Load(Stack stack, Model model, long seed, int readsPerSecond) {
        this.stack = stack;
        this.model = model;
        this.ds = stack.dataSource();
        this.seed = seed;
        this.readsPerSecond = readsPerSecond;
    }

    void start() {
        gate.writeLock().lock(); // started paused
        threads.add(loop("api-usage", 1, this::apiUsage));
        threads.add(loop("sql-usage", 2, this::sqlUsage));
        threads.add(loop("api-plans", 3, this::apiPlan));
        threads.add(loop("sql-plans", 4, this::sqlPlans));
        threads.add(loop("profiles", 5, this::profiles));
        Thread reader = new Thread(this::readLoop, "chaos-reads");
        reader.setDaemon(true);
        reader.start();
        threads.add(reader);
    }

    /** Counts into {@code next} from now on. */
    void window(Window next) {
        window = next;
    }

    /** Lets the load run. */
    void resume() {
        gate.writeLock().unlock();
    }

    /** Stops the load: returns once no write is in flight. Call from the thread that calls {@link #resume}. */
    void pause() {
        gate.writeLock().lock();
    }

    /** Waits up to {@code max} until the write API producer has a request in flight ("mid-batch"). */
    void awaitApiWriteInFlight(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!apiUsageInFlight.get() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    List<String> backwards() {
        return List.copyOf(backwards);
    }

    long versionsChecked() {
        return versionsChecked.get();
    }

    @FunctionalInterface
    private interface Op {
        void run(Random random) throws Exception;
    }

    private Thread loop(String name, int salt, Op op) {
        Thread t = new Thread(() -> {
            Random random = new Random(seed * 31 + salt);
            while (!stopped) {
                gate.readLock().lock();
                try {
                    if (stopped) {
                        return;
                    }
                    op.run(random);
                } catch (Exception e) {
                    LOG.warn("producer {} failed: {}", name, e.toString());
                } finally {
                    gate.readLock().unlock();
                }
                LockSupport.parkNanos(Duration.ofMillis(40 + random.nextInt(60)).toNanos());
            }
        }, "chaos-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    // ---- producers --------------------------------------------------------------------------------------------------

    private static LocalDate day(Random random) {
        return Dataset.FIRST_DAY.plusDays(random.nextInt(Dataset.DAYS));
    }

    private static BigDecimal kwh(Random random) {
        return BigDecimal.valueOf(random.nextInt(60_000), 3);
    }

    /** Users 0-49: batches (JSON or CSV), deletes, batches with a bad row (422), writes with a read-only key (403). */
    private void apiUsage(Random random) {
        int pick = random.nextInt(100);
        if (pick < 15) {
            String user = Dataset.user(random.nextInt(50));
            LocalDate day = day(random);
            String key = Dataset.readingKey(user, day);
            Outcome o = send("api-usage", "DELETE", stack.ingest.url() + "/api/v1/usage/" + user + "/" + day, null, null,
                    Stack.WRITE_KEY);
            model.record(o == Outcome.ACKNOWLEDGED || o == Outcome.ERRORED ? Map.of(key, Model.ABSENT) : Map.of(), o);
            return;
        }
        int rows = 1 + random.nextInt(20);
        Map<String, String> values = new LinkedHashMap<>();
        List<String[]> lines = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String user = Dataset.user(random.nextInt(50));
            LocalDate day = day(random);
            BigDecimal kwh = kwh(random);
            BigDecimal peak = random.nextBoolean() ? kwh.multiply(BigDecimal.valueOf(random.nextInt(100), 2))
                    .setScale(3, RoundingMode.HALF_UP) : null;
            values.put(Dataset.readingKey(user, day), Dataset.reading(kwh, peak));
            lines.add(new String[] {user, day.toString(), kwh.toPlainString(), peak == null ? "" : peak.toPlainString()});
        }
        boolean bad = pick >= 85 && pick < 95;
        if (bad) {
            lines.add(new String[] {Dataset.user(random.nextInt(50)), day(random).toString(), "-1", ""});
        }
        String apiKey = pick >= 95 ? Stack.READ_ONLY_KEY : Stack.WRITE_KEY;
        boolean csv = random.nextBoolean();
        StringBuilder body = new StringBuilder(csv ? "user_id,usage_date,kwh,peak_kwh\n" : "[");
        for (int i = 0; i < lines.size(); i++) {
            String[] l = lines.get(i);
            if (csv) {
                body.append(String.join(",", l)).append('\n');
            } else {
                body.append(i == 0 ? "" : ",").append("{\"user_id\":\"").append(l[0]).append("\",\"usage_date\":\"").append(l[1])
                        .append("\",\"kwh\":").append(l[2]).append(l[3].isEmpty() ? "" : ",\"peak_kwh\":" + l[3]).append('}');
            }
        }
        if (!csv) {
            body.append(']');
        }
        apiUsageInFlight.set(true);
        try {
            Outcome o = send("api-usage", "POST", stack.ingest.url() + "/api/v1/usage", csv ? "text/csv" : "application/json",
                    body.toString(), apiKey);
            model.record(values, o);
        } finally {
            apiUsageInFlight.set(false);
        }
    }

    /** Users 50-99: one transaction of upserts and a delete; sometimes with a row the database refuses (rolled back). */
    private void sqlUsage(Random random) {
        Map<String, String> values = new LinkedHashMap<>();
        Outcome outcome;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement up = c.prepareStatement("INSERT INTO usage_history (user_id, usage_date, kwh, peak_kwh)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (user_id, usage_date)"
                    + " DO UPDATE SET kwh = EXCLUDED.kwh, peak_kwh = EXCLUDED.peak_kwh");
                    PreparedStatement del = c.prepareStatement("DELETE FROM usage_history WHERE user_id = ? AND usage_date = ?")) {
                int rows = 1 + random.nextInt(10);
                for (int i = 0; i < rows; i++) {
                    String user = Dataset.user(50 + random.nextInt(50));
                    LocalDate day = day(random);
                    BigDecimal kwh = kwh(random);
                    BigDecimal peak = random.nextBoolean() ? kwh.divide(BigDecimal.valueOf(2), 3, RoundingMode.HALF_UP) : null;
                    up.setString(1, user);
                    up.setObject(2, day);
                    up.setBigDecimal(3, kwh);
                    up.setBigDecimal(4, peak);
                    up.addBatch();
                    values.put(Dataset.readingKey(user, day), Dataset.reading(kwh, peak));
                }
                if (random.nextInt(10) == 0) {
                    // peak above kwh: the check constraint refuses it, and with it the whole transaction
                    up.setString(1, Dataset.user(50 + random.nextInt(50)));
                    up.setObject(2, day(random));
                    up.setBigDecimal(3, BigDecimal.ONE);
                    up.setBigDecimal(4, BigDecimal.TEN);
                    up.addBatch();
                }
                up.executeBatch();
                if (random.nextBoolean()) {
                    String user = Dataset.user(50 + random.nextInt(50));
                    LocalDate day = day(random);
                    String key = Dataset.readingKey(user, day);
                    if (!values.containsKey(key)) {
                        del.setString(1, user);
                        del.setObject(2, day);
                        del.executeUpdate();
                        values.put(key, Model.ABSENT);
                    }
                }
                c.commit();
                outcome = Outcome.ACKNOWLEDGED;
            } catch (SQLException e) {
                outcome = sqlOutcome(e);
                rollbackQuietly(c);
            }
        } catch (SQLException e) {
            outcome = sqlOutcome(e);
        }
        model.record(values, outcome);
        window.write("sql-usage", outcome);
    }

    /** Plans 0-11 through the API: a new name, price, sometimes inactive; sometimes an invalid body (422). */
    private void apiPlan(Random random) {
        int i = random.nextInt(12);
        String plan = Dataset.plan(i);
        String name = plan + " v" + planNames.incrementAndGet();
        boolean active = random.nextInt(6) != 0;
        boolean bad = random.nextInt(10) == 0;
        String rate = bad ? "{\"energy\":{\"type\":\"bogus\",\"rate\":0.1}}" : Dataset.rateStructure(random);
        StringBuilder regions = new StringBuilder();
        for (String r : Dataset.regionsOf(i, random)) {
            regions.append(regions.length() == 0 ? "" : ",").append('"').append(r).append('"');
        }
        String body = "{\"provider\":\"Chaos Power\",\"name\":\"" + name + "\",\"available_regions\":[" + regions + "],\"is_active\":"
                + active + ",\"rate_structure\":" + rate + ",\"renewable_percentage\":" + random.nextInt(101)
                + ",\"contract_months\":" + random.nextInt(3) * 12 + ",\"early_termination_fee\":" + random.nextInt(3) * 50 + "}";
        Outcome o = send("api-plans", "PUT", stack.ingest.url() + "/api/v1/plans/" + plan, "application/json", body, Stack.WRITE_KEY);
        model.record(Map.of(Dataset.planKey(plan), Dataset.planState(name, active)), o);
    }

    /** Plans 12-23: two to four plans changed in one SQL transaction. */
    private void sqlPlans(Random random) {
        Map<String, String> values = new LinkedHashMap<>();
        Outcome outcome;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement up = c.prepareStatement("UPDATE plan_catalog SET name = ?, is_active = ?, rate_structure = ?::jsonb,"
                    + " renewable_percentage = ?, updated_at = now() WHERE plan_id = ?")) {
                int n = 2 + random.nextInt(3);
                for (int k = 0; k < n; k++) {
                    String plan = Dataset.plan(12 + random.nextInt(12));
                    String name = plan + " v" + planNames.incrementAndGet();
                    boolean active = random.nextInt(6) != 0;
                    up.setString(1, name);
                    up.setBoolean(2, active);
                    up.setString(3, Dataset.rateStructure(random));
                    up.setInt(4, random.nextInt(101));
                    up.setString(5, plan);
                    up.addBatch();
                    values.put(Dataset.planKey(plan), Dataset.planState(name, active));
                }
                up.executeBatch();
                c.commit();
                outcome = Outcome.ACKNOWLEDGED;
            } catch (SQLException e) {
                outcome = sqlOutcome(e);
                rollbackQuietly(c);
            }
        } catch (SQLException e) {
            outcome = sqlOutcome(e);
        }
        model.record(values, outcome);
        window.write("sql-plans", outcome);
    }

    /** Users 100-149: profile changes (sometimes invalid: 422), user deletes, readings through the API. */
    private void profiles(Random random) {
        String user = Dataset.user(100 + random.nextInt(50));
        int pick = random.nextInt(100);
        if (pick < 15) {
            Outcome o = send("profiles", "DELETE", stack.ingest.url() + "/api/v1/users/" + user, null, null, Stack.WRITE_KEY);
            Map<String, String> gone = new LinkedHashMap<>();
            if (o != Outcome.REJECTED) {
                gone.put(Dataset.profileKey(user), Model.ABSENT);
                String prefix = "u:" + user + ":";
                model.keys().stream().filter(k -> k.startsWith(prefix)).forEach(k -> gone.put(k, Model.ABSENT));
            }
            model.record(gone, o);
            return;
        }
        if (pick < 40) {
            StringBuilder body = new StringBuilder("[");
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < 5; i++) {
                LocalDate day = day(random);
                BigDecimal kwh = kwh(random);
                body.append(i == 0 ? "" : ",").append("{\"user_id\":\"").append(user).append("\",\"usage_date\":\"").append(day)
                        .append("\",\"kwh\":").append(kwh.toPlainString()).append('}');
                values.put(Dataset.readingKey(user, day), Dataset.reading(kwh, null));
            }
            Outcome o = send("profiles", "POST", stack.ingest.url() + "/api/v1/usage", "application/json", body + "]", Stack.WRITE_KEY);
            model.record(values, o);
            return;
        }
        String region = Dataset.REGIONS.get(random.nextInt(Dataset.REGIONS.size()));
        String current = random.nextBoolean() ? Dataset.plan(random.nextInt(Dataset.PLANS)) : null;
        int top = 1 + random.nextInt(8);
        boolean bad = pick >= 95;
        String prefs = bad ? "{\"top_n\":" + top + ",\"colour\":\"red\"}" : "{\"top_n\":" + top + "}";
        String body = "{\"region\":\"" + region + "\",\"current_plan_id\":" + (current == null ? "null" : "\"" + current + "\"")
                + ",\"contract_end_date\":" + (random.nextBoolean() ? "\"2027-03-01\"" : "null") + ",\"preferences\":" + prefs + "}";
        Outcome o = send("profiles", "PUT", stack.ingest.url() + "/api/v1/users/" + user, "application/json", body, Stack.WRITE_KEY);
        model.record(Map.of(Dataset.profileKey(user), Dataset.profileState(region, current, top)), o);
    }

    private Outcome send(String producer, String method, String url, String contentType, String body, String key) {
        Outcome o;
        try {
            HttpResponse<String> r = Http.send(method, url, contentType, body, key, WRITE_TIMEOUT);
            o = Http.outcome(r.statusCode());
        } catch (IOException e) {
            o = Outcome.ERRORED;
        }
        window.write(producer, o);
        return o;
    }

    private static Outcome sqlOutcome(SQLException e) {
        String state = e.getSQLState();
        // Class 23: integrity constraint violation: the database refused the transaction, nothing was committed.
        return state != null && state.startsWith("23") ? Outcome.REJECTED : Outcome.ERRORED;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the connection is gone: nothing was committed by this transaction after the failure
        }
    }

    // ---- reads ------------------------------------------------------------------------------------------------------

    private void readLoop() {
        Random random = new Random(seed * 31 + 99);
        long period = 1_000_000_000L / Math.max(1, readsPerSecond);
        long next = System.nanoTime();
        while (!stopped) {
            gate.readLock().lock();
            try {
                if (stopped) {
                    return;
                }
                readOnce(random);
            } finally {
                gate.readLock().unlock();
            }
            next += period;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -1_000_000_000L) {
                next = System.nanoTime(); // after a pause, do not catch up in a burst
            }
        }
    }

    private void readOnce(Random random) {
        String path = switch (random.nextInt(5)) {
            case 0 -> "/api/v1/recommendations/" + Dataset.user(random.nextInt(Dataset.USERS));
            case 1 -> "/api/v1/users/" + Dataset.user(random.nextInt(Dataset.USERS)) + "/usage-analysis";
            case 2 -> "/api/v1/users/" + Dataset.user(random.nextInt(Dataset.USERS)) + "/profile";
            case 3 -> "/api/v1/plans/catalog?region=" + Dataset.REGIONS.get(random.nextInt(Dataset.REGIONS.size()));
            default -> "/api/v1/plans/" + Dataset.plan(random.nextInt(Dataset.PLANS));
        };
        List<String> urls = stack.queryUrls();
        int first = random.nextInt(urls.size());
        Window w = window;
        long started = System.nanoTime();
        read(urls.get(first) + path, path).whenComplete((r, e) -> {
            if (e == null) {
                answered(w, path, r, started);
                return;
            }
            // A client behind a load balancer is sent to the other replica when one refuses connections.
            w.read("failover");
            read(urls.get(1 - first) + path, path).whenComplete((r2, e2) -> {
                if (e2 == null) {
                    answered(w, path, r2, started);
                } else {
                    w.read("io-error " + e2.getClass().getSimpleName());
                }
            });
        });
    }

    private java.util.concurrent.CompletableFuture<HttpResponse<String>> read(String url, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3))
                .header("Authorization", "Bearer " + Stack.READ_KEY).GET().build();
        return reads.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private void answered(Window w, String path, HttpResponse<String> r, long started) {
        int status = r.statusCode();
        if (status == 200) {
            w.read("200 " + r.headers().firstValue("X-Cache-Status").orElse("no-cache-status"));
            checkVersion(path, r.body(), started);
        } else if (status >= 500) {
            w.read(status + (r.headers().firstValue("Retry-After").isPresent() ? " retry-after" : " no-retry-after"));
        } else {
            w.read(Integer.toString(status));
        }
    }

    /** The highest version served for a document, and when that answer was complete. */
    private record Seen(long version, long completedAt) {
    }

    /**
     * A read that started after another read of the same document completed must not see an older version (reads in
     * flight together may complete in either order).
     */
    private void checkVersion(String path, String body, long started) {
        long version;
        try {
            JsonNode v = Json.mapper().readTree(body).get("version");
            if (v == null || !v.isNumber()) {
                return; // computed by the read API itself (MISS): no version
            }
            version = v.asLong();
        } catch (RuntimeException e) {
            backwards.add(path + ": unparsable body");
            return;
        }
        versionsChecked.incrementAndGet();
        long now = System.nanoTime();
        Seen[] before = new Seen[1];
        highestVersion.compute(path, (k, old) -> {
            before[0] = old;
            return old == null || version > old.version() ? new Seen(version, now) : old;
        });
        if (before[0] != null && before[0].version() > version && before[0].completedAt() < started) {
            backwards.add(path + ": served version " + version + " after " + before[0].version() + " had been served");
        }
    }

    @Override
    public void close() {
        stopped = true;
        if (gate.isWriteLockedByCurrentThread()) {
            gate.writeLock().unlock();
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
