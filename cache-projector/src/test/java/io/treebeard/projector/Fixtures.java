package io.treebeard.projector;

import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.SourcePosition;
import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.UserProfile;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Records of every projected topic, for unit and integration tests. */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2026-11-25T10:00:00.123Z");

    private Fixtures() {
    }

    /** A recommendation document whose content depends on the version, so versions are distinguishable. */
    public static RecommendationDocument doc(String userId, long version) {
        return doc(userId, version, "TX-NORTH");
    }

    public static RecommendationDocument doc(String userId, long version, String region) {
        RecommendationDocument.Recommendation rec = new RecommendationDocument.Recommendation(1, "p-" + version, "Acme", "Saver",
                new BigDecimal("1432.10"), List.of(new BigDecimal("119.34")), null, BigDecimal.ZERO.setScale(2), null,
                new BigDecimal("100.0"), 12, List.of("cheapest"));
        return new RecommendationDocument(userId, version, T0.plusSeconds(version), LocalDate.parse("2026-10-31"),
                RecommendationDocument.Status.ok, region, 1.0, 12456.7 + version, 12, null, List.of(rec));
    }

    public static ProfileChange profile(String userId, long lsn, String region) {
        UserProfile after = new UserProfile(userId, region, null, null, Preferences.NONE, T0.plusSeconds(lsn));
        return new ProfileChange(ChangeOp.UPDATE, userId, null, after, new SourcePosition(lsn, 7L, T0.plusSeconds(lsn), false));
    }

    public static ProfileChange profileDelete(String userId, long lsn) {
        return new ProfileChange(ChangeOp.DELETE, userId, null, null, new SourcePosition(lsn, 8L, T0.plusSeconds(lsn), false));
    }

    public static UsageAnalysis usage(String userId, long version) {
        return new UsageAnalysis(userId, version, LocalDate.parse("2026-10-31"),
                List.of(new UsageAnalysis.Month("2026-10", 900.0 + version, 360.0, 31)), 10_800.0, 29.6, 0.4, 1, 0.08);
    }

    public static Plan plan(String planId, double rate, boolean active, String... regions) {
        RateStructure rates = new RateStructure(4.95, new RateStructure.Flat(rate), List.of(), null);
        return new Plan(planId, "Acme", "Plan " + planId, List.of(regions), active, rates, new BigDecimal("50.00"), 12,
                new BigDecimal("150.00"), T0);
    }

    public static PlanChange planChange(Plan before, Plan after, long lsn) {
        ChangeOp op = after == null ? ChangeOp.DELETE : before == null ? ChangeOp.CREATE : ChangeOp.UPDATE;
        String id = after != null ? after.planId() : before.planId();
        return new PlanChange(op, id, before, after, new SourcePosition(lsn, 9L, T0.plusSeconds(lsn), false));
    }
}
