package io.treebeard.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.treebeard.audit.AuditReport;
import io.treebeard.audit.AuditScope;
import io.treebeard.audit.Auditor;
import io.treebeard.audit.Target;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Property-style check of issue 15: random mixes of plan, profile and reading inserts, updates and deletes, in random
 * transaction sizes, written straight to PostgreSQL; once the pipeline is quiet, the audit finds no drift in any
 * regional catalog, plan, profile, usage analysis or recommendation, in Redis or at the read API. The seed is printed
 * so a failing mix can be replayed ({@code -Dtreebeard.it.seed=N}).
 */
class RandomSourceTransactionsIT {

    private static final List<String> REGIONS = List.of("PX-1", "PX-2", "PX-3", "PX-4", "PX-5");
    private static final int PLANS = 30;
    private static final int USERS = 40;
    private static final int TRANSACTIONS = 12;

    private static Servers servers;
    private static Pipeline pipeline;

    @BeforeAll
    static void start() {
        servers = Servers.start(new DemoOptions(0, 11, java.util.Optional.empty(), java.util.Optional.empty(), "postgres", "",
                java.util.Optional.empty()));
        pipeline = Pipeline.start(servers, true);
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void afterRandomMixedTransactionsTheAuditFindsNoDriftAnywhere() throws Exception {
        long seed = Long.getLong("treebeard.it.seed", System.nanoTime());
        System.out.println("[RandomSourceTransactionsIT] seed " + seed);
        Random random = new Random(seed);
        try (Connection c = DriverManager.getConnection(servers.jdbcUrl(), servers.user(), servers.password())) {
            c.setAutoCommit(false);
            for (int t = 0; t < TRANSACTIONS; t++) {
                int statements = 1 + random.nextInt(t % 3 == 0 ? 200 : 20);
                for (int s = 0; s < statements; s++) {
                    randomStatement(c, random);
                }
                c.commit();
            }
        }

        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(servers.jdbcUrl());
        source.setUser(servers.user());
        source.setPassword(servers.password());
        AuditScope scope = AuditScope.everything().withTargets(EnumSet.of(Target.REDIS, Target.API));
        AtomicReference<AuditReport> last = new AtomicReference<>();
        try (Auditor auditor = new Auditor(source, servers.redis(), pipeline.queryUrl(), Pipeline.DEV_KEY)) {
            try {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    AuditReport report = auditor.run(scope);
                    last.set(report);
                    return !report.hasDrift();
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("seed " + seed + ": drift remains\n" + String.join("\n", last.get().lines()), e);
            }
        }
        AuditReport clean = last.get();
        assertThat(clean.checkedCount(io.treebeard.schemas.cache.KeyType.CATALOG)).as("every region audited").isGreaterThan(0);
        assertThat(clean.checkedCount(io.treebeard.schemas.cache.KeyType.RECOMMENDATION)).as("users audited").isGreaterThan(0);
    }

    private static void randomStatement(Connection c, Random random) throws SQLException {
        String plan = "px-" + random.nextInt(PLANS);
        String user = "ux-" + random.nextInt(USERS);
        switch (random.nextInt(8)) {
            case 0, 1 -> upsertPlan(c, random, plan);
            case 2 -> update(c, "DELETE FROM plan_catalog WHERE plan_id = ?", plan);
            case 3 -> upsertProfile(c, random, user);
            case 4 -> {
                update(c, "DELETE FROM usage_history WHERE user_id = ?", user);
                update(c, "DELETE FROM user_profile WHERE user_id = ?", user);
            }
            case 5 -> update(c, "DELETE FROM usage_history WHERE user_id = ? AND usage_date = ?", user,
                    LocalDate.parse("2026-01-01").plusDays(random.nextInt(300)));
            default -> upsertReadings(c, random, user);
        }
    }

    private static void upsertPlan(Connection c, Random random, String plan) throws SQLException {
        List<String> regions = new ArrayList<>();
        for (String region : REGIONS) {
            if (random.nextInt(3) == 0) {
                regions.add(region);
            }
        }
        if (regions.isEmpty()) {
            regions.add(REGIONS.get(random.nextInt(REGIONS.size())));
        }
        String energy = switch (random.nextInt(3)) {
            case 0 -> "{\"type\": \"flat\", \"rate\": 0." + (80 + random.nextInt(120)) + "}";
            case 1 -> "{\"type\": \"tiered\", \"tiers\": [{\"up_to_kwh\": " + (300 + random.nextInt(900)) + ", \"rate\": 0.09},"
                    + " {\"rate\": 0.1" + random.nextInt(10) + "}]}";
            default -> "{\"type\": \"tou\", \"peak_rate\": 0.2" + random.nextInt(10) + ", \"off_peak_rate\": 0.0"
                    + (5 + random.nextInt(5)) + "}";
        };
        String credits = random.nextBoolean() ? ""
                : ", \"bill_credits\": [{\"min_kwh\": 1000, \"credit\": " + random.nextInt(100) + "}]";
        try (PreparedStatement s = c.prepareStatement("INSERT INTO plan_catalog (plan_id, provider, name, available_regions, is_active,"
                + " rate_structure, renewable_percentage, contract_months, early_termination_fee, updated_at)"
                + " VALUES (?, 'Acme', ?, ?, ?, ?::jsonb, ?, ?, ?, now()) ON CONFLICT (plan_id) DO UPDATE SET name = excluded.name,"
                + " available_regions = excluded.available_regions, is_active = excluded.is_active,"
                + " rate_structure = excluded.rate_structure,"
                + " renewable_percentage = excluded.renewable_percentage, contract_months = excluded.contract_months,"
                + " early_termination_fee = excluded.early_termination_fee, updated_at = now()")) {
            s.setString(1, plan);
            s.setString(2, "Plan " + plan + " #" + random.nextInt(1000));
            s.setArray(3, c.createArrayOf("text", regions.toArray()));
            s.setBoolean(4, random.nextInt(5) != 0);
            s.setString(5, "{\"monthly_fee\": " + random.nextInt(10) + ".95, \"energy\": " + energy + credits + "}");
            s.setBigDecimal(6, java.math.BigDecimal.valueOf(random.nextInt(101)));
            s.setInt(7, random.nextInt(4) * 12);
            s.setBigDecimal(8, java.math.BigDecimal.valueOf(random.nextInt(300)));
            s.executeUpdate();
        }
    }

    private static void upsertProfile(Connection c, Random random, String user) throws SQLException {
        String preferences = random.nextBoolean() ? "{}" : "{\"min_renewable_pct\": " + random.nextInt(60) + ", \"top_n\": "
                + (1 + random.nextInt(5)) + "}";
        try (PreparedStatement s = c.prepareStatement("INSERT INTO user_profile (user_id, region, current_plan_id, contract_end_date,"
                + " preferences, updated_at) VALUES (?, ?, ?, ?, ?::jsonb, now()) ON CONFLICT (user_id) DO UPDATE SET"
                + " region = excluded.region, current_plan_id = excluded.current_plan_id,"
                + " contract_end_date = excluded.contract_end_date, preferences = excluded.preferences, updated_at = now()")) {
            s.setString(1, user);
            s.setString(2, REGIONS.get(random.nextInt(REGIONS.size())));
            s.setString(3, random.nextBoolean() ? "px-" + random.nextInt(PLANS) : null);
            s.setObject(4, random.nextBoolean() ? LocalDate.parse("2026-06-01").plusDays(random.nextInt(400)) : null);
            s.setString(5, preferences);
            s.executeUpdate();
        }
    }

    private static void upsertReadings(Connection c, Random random, String user) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO usage_history (user_id, usage_date, kwh, peak_kwh)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (user_id, usage_date)"
                + " DO UPDATE SET kwh = excluded.kwh, peak_kwh = excluded.peak_kwh")) {
            LocalDate from = LocalDate.parse("2026-01-01").plusDays(random.nextInt(300));
            int days = 1 + random.nextInt(40);
            for (int d = 0; d < days; d++) {
                double kwh = random.nextInt(60_000) / 1000.0;
                s.setString(1, user);
                s.setObject(2, from.plusDays(d));
                s.setBigDecimal(3, java.math.BigDecimal.valueOf(kwh));
                if (random.nextBoolean()) {
                    s.setBigDecimal(4, java.math.BigDecimal.valueOf(Math.floor(kwh * random.nextDouble() * 1000) / 1000));
                } else {
                    s.setNull(4, java.sql.Types.NUMERIC);
                }
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }
}
