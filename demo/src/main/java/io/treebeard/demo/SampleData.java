package io.treebeard.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A realistic sample data set, deterministic from a seed and scalable by user count: plans across several regions
 * with flat, tiered and time-of-use energy, bill credits and minimum-usage fees; users with preferences, current plans
 * and contract end dates; 13 months of daily usage with seasonality and peak data. Everything is produced as the JSON
 * and CSV bodies of the write API.
 */
public final class SampleData {

    /** The regions of the sample. */
    public static final List<String> REGIONS = List.of("TX-NORTH", "TX-SOUTH", "TX-WEST", "TX-COAST");

    private static final LocalDate LAST_DAY = LocalDate.of(2026, 10, 31);

    private final long seed;
    private final int users;

    /**
     * A data set of {@code users} users from {@code seed}. Each part draws from its own generator derived from the seed,
     * so every call returns the same data, whatever was asked before.
     */
    public SampleData(long seed, int users) {
        this.seed = seed;
        this.users = users;
    }

    private Random random(int part) {
        return new Random(seed * 31 + part);
    }

    /** A plan body for {@code PUT /api/v1/plans/{id}}. */
    public record PlanBody(String planId, String json) {
    }

    /** A profile body for {@code PUT /api/v1/users/{id}}. */
    public record UserBody(String userId, String json) {
    }

    /** Six plans per region, one of each structure family. */
    public List<PlanBody> plans() {
        Random random = random(1);
        List<PlanBody> plans = new ArrayList<>();
        int n = 0;
        for (String region : REGIONS) {
            for (int i = 0; i < 6; i++) {
                String id = "plan-" + (++n);
                String regions = i == 5 ? "[\"" + region + "\", \"" + REGIONS.get((REGIONS.indexOf(region) + 1) % REGIONS.size())
                        + "\"]" : "[\"" + region + "\"]";
                plans.add(new PlanBody(id, String.format(Locale.ROOT,
                        "{\"provider\": \"%s\", \"name\": \"%s %d\", \"available_regions\": %s, \"is_active\": true,"
                                + " \"rate_structure\": %s, \"renewable_percentage\": %d, \"contract_months\": %d,"
                                + " \"early_termination_fee\": %d}",
                        List.of("Lone Star Power", "Bluebonnet Energy", "Gulf Wind", "Prairie Sun").get(i % 4),
                        List.of("Saver", "Steady", "Night Owl", "Green", "Flex", "Value").get(i), 12 * (i % 3), regions,
                        rates(i, random), 10 + random.nextInt(90), 12 * (i % 3), i % 3 == 0 ? 0 : 150)));
            }
        }
        return plans;
    }

    private static String rates(int kind, Random random) {
        double base = 0.09 + random.nextInt(50) / 1000.0;
        return switch (kind % 3) {
            case 0 -> String.format(Locale.ROOT, "{\"monthly_fee\": 4.95, \"energy\": {\"type\": \"flat\", \"rate\": %.3f}}", base);
            case 1 -> String.format(Locale.ROOT, "{\"energy\": {\"type\": \"tiered\", \"tiers\": [{\"up_to_kwh\": 1000, \"rate\": %.3f},"
                    + " {\"rate\": %.3f}]}, \"bill_credits\": [{\"min_kwh\": 1000, \"max_kwh\": 2000, \"credit\": 100.0}]}",
                    base, base + 0.04);
            default -> String.format(Locale.ROOT, "{\"monthly_fee\": 9.95, \"energy\": {\"type\": \"tou\", \"peak_rate\": %.3f,"
                    + " \"off_peak_rate\": %.3f}, \"minimum_usage\": {\"below_kwh\": 500, \"fee\": 9.95}}", base + 0.1, base - 0.03);
        };
    }

    /** Profiles, some with preferences, current plans and contract end dates. */
    public List<UserBody> users() {
        Random random = random(2);
        List<UserBody> bodies = new ArrayList<>();
        for (int u = 1; u <= users; u++) {
            String region = REGIONS.get(u % REGIONS.size());
            String current = u % 3 == 0 ? "\"plan-" + (1 + random.nextInt(24)) + "\"" : "null";
            String end = u % 5 == 0 ? "\"2027-0" + (1 + random.nextInt(9)) + "-15\"" : "null";
            String prefs = u % 4 == 0 ? "{\"min_renewable_pct\": 30, \"top_n\": 3}" : u % 7 == 0 ? "{\"max_contract_months\": 12}" : "{}";
            bodies.add(new UserBody(userId(u), String.format(Locale.ROOT,
                    "{\"region\": \"%s\", \"current_plan_id\": %s, \"contract_end_date\": %s, \"preferences\": %s}",
                    region, current, end, prefs)));
        }
        return bodies;
    }

    /** 13 months of daily readings as CSV batches of at most {@code maxRows} rows, with seasonality and peak data. */
    public List<String> usageCsv(int maxRows) {
        return usageCsv(maxRows, 1);
    }

    /** As {@link #usageCsv(int)} with a reading every {@code everyNthDay} days only (lighter runs, same months). */
    public List<String> usageCsv(int maxRows, int everyNthDay) {
        Random random = random(3);
        List<String> batches = new ArrayList<>();
        StringBuilder csv = header();
        int rows = 0;
        LocalDate first = LAST_DAY.minusMonths(13).plusDays(1);
        for (int u = 1; u <= users; u++) {
            double size = 18 + random.nextDouble() * 30;
            for (LocalDate d = first; !d.isAfter(LAST_DAY); d = d.plusDays(everyNthDay)) {
                double season = 1 + 0.45 * Math.cos((d.getDayOfYear() - 200) / 365.0 * 2 * Math.PI);
                double kwh = Math.max(0, size * season * (0.8 + random.nextDouble() * 0.4));
                csv.append(userId(u)).append(',').append(d).append(',').append(String.format(Locale.ROOT, "%.3f", kwh)).append(',');
                if (u % 10 != 0) {
                    csv.append(String.format(Locale.ROOT, "%.3f", kwh * (0.3 + random.nextDouble() * 0.2)));
                }
                csv.append('\n');
                if (++rows == maxRows) {
                    batches.add(csv.toString());
                    csv = header();
                    rows = 0;
                }
            }
        }
        if (rows > 0) {
            batches.add(csv.toString());
        }
        return batches;
    }

    /**
     * One reading per user on the sample's last day, as one CSV body: the smallest usage that gives every user a
     * profile with data, for runs that need many users quickly (benchmarks).
     */
    public String latestReadingCsv() {
        Random random = random(4);
        StringBuilder csv = header();
        for (int u = 1; u <= users; u++) {
            double kwh = 15 + random.nextDouble() * 40;
            csv.append(userId(u)).append(',').append(LAST_DAY).append(',').append(String.format(Locale.ROOT, "%.3f,%.3f", kwh, kwh * 0.4))
                    .append('\n');
        }
        return csv.toString();
    }

    /** The date of the latest reading in the sample. */
    public static LocalDate lastDay() {
        return LAST_DAY;
    }

    /** The id of user number {@code n}. */
    public static String userId(int n) {
        return String.format(Locale.ROOT, "user-%05d", n);
    }

    private static StringBuilder header() {
        return new StringBuilder(512 * 1024).append("user_id,usage_date,kwh,peak_kwh\n");
    }
}
