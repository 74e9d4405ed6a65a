package io.treebeard.tariff;

import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.RateStructure.BillCredit;
import io.treebeard.schemas.model.RateStructure.Flat;
import io.treebeard.schemas.model.RateStructure.MinimumUsage;
import io.treebeard.schemas.model.UsageReading;
import io.treebeard.schemas.model.UserProfile;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Builders for the tests' plans, users and readings. */
final class Fixtures {

    static final String REGION = "TX-NORTH";
    static final String USER = "u-1";

    private Fixtures() {
    }

    static RateStructure flat(double rate) {
        return new RateStructure(0.0, new Flat(rate), List.of(), null);
    }

    static RateStructure flat(double monthlyFee, double rate, List<BillCredit> credits, MinimumUsage minimumUsage) {
        return new RateStructure(monthlyFee, new Flat(rate), credits, minimumUsage);
    }

    static UsageReading reading(String date, String kwh) {
        return new UsageReading(USER, LocalDate.parse(date), new BigDecimal(kwh), null);
    }

    static UsageReading reading(String date, String kwh, String peakKwh) {
        return new UsageReading(USER, LocalDate.parse(date), new BigDecimal(kwh), new BigDecimal(peakKwh));
    }

    /** One reading of {@code kwh} for every day from {@code from} to {@code to}, both included. */
    static List<UsageReading> daily(String from, String to, String kwh) {
        List<UsageReading> readings = new ArrayList<>();
        for (LocalDate day = LocalDate.parse(from); !day.isAfter(LocalDate.parse(to)); day = day.plusDays(1)) {
            readings.add(reading(day.toString(), kwh));
        }
        return readings;
    }

    static UserProfile user() {
        return user(null, null, Preferences.NONE);
    }

    static UserProfile user(String currentPlanId, String contractEndDate, Preferences preferences) {
        LocalDate end = contractEndDate == null ? null : LocalDate.parse(contractEndDate);
        return new UserProfile(USER, REGION, currentPlanId, end, preferences, Instant.EPOCH);
    }

    static PlanBuilder plan(String planId) {
        return new PlanBuilder(planId);
    }

    /** A mutable builder of an active, flat 0.10 $/kWh, month-to-month plan sold in {@link #REGION}. */
    static final class PlanBuilder {
        private final String planId;
        private RateStructure rates = flat(0.10);
        private List<String> regions = List.of(REGION);
        private boolean active = true;
        private String renewable = "0.00";
        private int contractMonths;
        private String earlyTerminationFee = "0.00";

        private PlanBuilder(String planId) {
            this.planId = planId;
        }

        PlanBuilder rates(RateStructure value) {
            rates = value;
            return this;
        }

        PlanBuilder flatRate(double rate) {
            return rates(flat(rate));
        }

        PlanBuilder regions(String... value) {
            regions = List.of(value);
            return this;
        }

        PlanBuilder inactive() {
            active = false;
            return this;
        }

        PlanBuilder renewable(String value) {
            renewable = value;
            return this;
        }

        PlanBuilder contractMonths(int value) {
            contractMonths = value;
            return this;
        }

        PlanBuilder earlyTerminationFee(String value) {
            earlyTerminationFee = value;
            return this;
        }

        Plan build() {
            return new Plan(planId, "Provider " + planId, "Plan " + planId, regions, active, rates, new BigDecimal(renewable),
                    contractMonths, new BigDecimal(earlyTerminationFee), Instant.EPOCH);
        }
    }
}
