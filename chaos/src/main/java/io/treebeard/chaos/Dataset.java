package io.treebeard.chaos;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import javax.sql.DataSource;

/**
 * The suite's ids and data: users {@code cu-NNN}, plans {@code cp-NN} in regions {@code CH-*}. The key spaces are split
 * between the producers, so each key has one writer: users 0-49 get readings through the write API, 50-99 straight
 * through SQL, 100-149 profile changes, deletes and readings through the API; plans 0-11 are updated through the
 * API, plans 12-23 in multi-plan SQL transactions.
 */
final class Dataset {

    static final int USERS = 150;
    static final int PLANS = 24;
    static final List<String> REGIONS = List.of("CH-N", "CH-S", "CH-W");
    static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 1);
    static final int DAYS = 300;

    private Dataset() {
    }

    static String user(int i) {
        return String.format("cu-%03d", i);
    }

    static String plan(int i) {
        return String.format("cp-%02d", i);
    }

    static List<String> users() {
        return IntStream.range(0, USERS).mapToObj(Dataset::user).toList();
    }

    static List<String> plans() {
        return IntStream.range(0, PLANS).mapToObj(Dataset::plan).toList();
    }

    static String readingKey(String user, LocalDate day) {
        return "u:" + user + ":" + day;
    }

    static String reading(BigDecimal kwh, BigDecimal peak) {
        return kwh.setScale(3, RoundingMode.HALF_UP).toPlainString() + "/"
                + (peak == null ? "-" : peak.setScale(3, RoundingMode.HALF_UP).toPlainString());
    }

    static String planKey(String plan) {
        return "p:" + plan;
    }

    static String planState(String name, boolean active) {
        return name + "/" + active;
    }

    static String profileKey(String user) {
        return "f:" + user;
    }

    static String profileState(String region, String currentPlan, Integer topN) {
        return region + "/" + (currentPlan == null ? "-" : currentPlan) + "/" + (topN == null ? "-" : topN);
    }

    /** A valid rate_structure, drawn from {@code random}. */
    static String rateStructure(Random random) {
        double fee = random.nextInt(1000) / 100.0;
        String energy = switch (random.nextInt(3)) {
            case 0 -> "{\"type\":\"flat\",\"rate\":" + (8 + random.nextInt(12)) / 100.0 + "}";
            case 1 -> "{\"type\":\"tiered\",\"tiers\":[{\"up_to_kwh\":" + (500 + random.nextInt(1000)) + ",\"rate\":"
                    + (8 + random.nextInt(6)) / 100.0 + "},{\"rate\":" + (12 + random.nextInt(8)) / 100.0 + "}]}";
            default -> "{\"type\":\"tou\",\"peak_rate\":" + (15 + random.nextInt(15)) / 100.0 + ",\"off_peak_rate\":"
                    + (5 + random.nextInt(6)) / 100.0 + "}";
        };
        String credits = random.nextBoolean() ? ",\"bill_credits\":[{\"min_kwh\":1000,\"credit\":" + random.nextInt(80) + "}]" : "";
        return "{\"monthly_fee\":" + fee + ",\"energy\":" + energy + credits + "}";
    }

    /** Regions of plan {@code i}: its home region, and sometimes the others. */
    static List<String> regionsOf(int i, Random random) {
        String home = REGIONS.get(i % REGIONS.size());
        return random.nextInt(3) == 0 ? REGIONS : List.of(home);
    }

    /** Writes the seed by SQL and records it in the model. */
    static void seed(DataSource ds, Model model, Random random) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement plan = c.prepareStatement("INSERT INTO plan_catalog (plan_id, provider, name, available_regions,"
                    + " is_active, rate_structure, renewable_percentage, contract_months, early_termination_fee, updated_at)"
                    + " VALUES (?, 'Chaos Power', ?, ?, true, ?::jsonb, ?, ?, ?, now())")) {
                for (int i = 0; i < PLANS; i++) {
                    String name = plan(i) + " v0";
                    plan.setString(1, plan(i));
                    plan.setString(2, name);
                    plan.setArray(3, c.createArrayOf("text", regionsOf(i, random).toArray()));
                    plan.setString(4, rateStructure(random));
                    plan.setInt(5, random.nextInt(101));
                    plan.setInt(6, random.nextInt(4) * 12);
                    plan.setInt(7, random.nextInt(3) * 75);
                    plan.addBatch();
                    model.known(planKey(plan(i)), planState(name, true));
                }
                plan.executeBatch();
            }
            try (PreparedStatement profile = c.prepareStatement("INSERT INTO user_profile (user_id, region, current_plan_id,"
                    + " contract_end_date, preferences, updated_at) VALUES (?, ?, ?, ?, ?::jsonb, now())");
                    PreparedStatement usage = c.prepareStatement("INSERT INTO usage_history (user_id, usage_date, kwh, peak_kwh)"
                            + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (int u = 0; u < USERS; u++) {
                    String region = REGIONS.get(u % REGIONS.size());
                    String current = random.nextBoolean() ? plan(random.nextInt(PLANS)) : null;
                    profile.setString(1, user(u));
                    profile.setString(2, region);
                    profile.setString(3, current);
                    profile.setObject(4, random.nextBoolean() ? FIRST_DAY.plusDays(400) : null);
                    profile.setString(5, "{\"top_n\":3}");
                    profile.addBatch();
                    model.known(profileKey(user(u)), profileState(region, current, 3));
                    Map<LocalDate, String> seen = new HashMap<>();
                    for (int d = 0; d < 30; d++) {
                        LocalDate day = FIRST_DAY.plusDays(random.nextInt(DAYS));
                        BigDecimal kwh = BigDecimal.valueOf(random.nextInt(60_000), 3);
                        BigDecimal peak = random.nextBoolean()
                                ? kwh.multiply(BigDecimal.valueOf(0.4)).setScale(3, RoundingMode.HALF_UP) : null;
                        if (seen.putIfAbsent(day, "") != null) {
                            continue;
                        }
                        usage.setString(1, user(u));
                        usage.setObject(2, day);
                        usage.setBigDecimal(3, kwh);
                        usage.setBigDecimal(4, peak);
                        usage.addBatch();
                        model.known(readingKey(user(u), day), reading(kwh, peak));
                    }
                }
                profile.executeBatch();
                usage.executeBatch();
            }
            c.commit();
        }
    }

    /** The source's state of every key of the suite's key spaces. */
    static Map<String, String> sourceState(DataSource ds) throws SQLException {
        Map<String, String> state = new HashMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT user_id, usage_date, kwh, peak_kwh FROM usage_history WHERE user_id LIKE 'cu-%'")) {
                while (r.next()) {
                    state.put(readingKey(r.getString(1), r.getObject(2, LocalDate.class)), reading(r.getBigDecimal(3), r.getBigDecimal(4)));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT plan_id, name, is_active FROM plan_catalog WHERE plan_id LIKE 'cp-%'")) {
                while (r.next()) {
                    state.put(planKey(r.getString(1)), planState(r.getString(2), r.getBoolean(3)));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT user_id, region, current_plan_id, (preferences->>'top_n')::int FROM user_profile"
                    + " WHERE user_id LIKE 'cu-%'")) {
                while (r.next()) {
                    int n = r.getInt(4);
                    Integer top = r.wasNull() ? null : n; // read before the other columns: wasNull() is about the last one read
                    state.put(profileKey(r.getString(1)), profileState(r.getString(2), r.getString(3), top));
                }
            }
        }
        return state;
    }
}
