package io.treebeard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.RecommendationDocument.Recommendation;
import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.UsageReading;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.schemas.validation.RateStructureValidator;
import io.treebeard.stack.EmbeddedPostgresServer;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.junit.LocalStackExtension;
import io.treebeard.tariff.CatalogDocument;
import io.treebeard.tariff.Recommender;
import io.treebeard.tariff.UsageProfiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit against real PostgreSQL and Redis: source rows written straight to PostgreSQL, documents written straight
 * to Redis (correct ones as the pipeline computes them, a wrong one, a stale one for a deleted user), then the audit
 * must report exactly those drifts, and a repair must leave none.
 */
@ExtendWith(LocalStackExtension.class)
class AuditIT {

    private static final String REGION = "R-AUDIT";
    private static final Instant UPDATED = Instant.parse("2026-11-01T10:00:00.123456Z");
    private static final String FLAT_10 = "{\"monthly_fee\": 4.95, \"energy\": {\"type\": \"flat\", \"rate\": 0.10}}";
    private static final String TIERED = "{\"energy\": {\"type\": \"tiered\", \"tiers\": [{\"up_to_kwh\": 500, \"rate\": 0.09},"
            + " {\"rate\": 0.15}]}, \"bill_credits\": [{\"min_kwh\": 800, \"credit\": 25.0}]}";

    private DataSource db;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;
    private LocalStack stack;

    @BeforeEach
    void cleanSlate(LocalStack localStack) throws SQLException {
        stack = localStack;
        db = stack.postgres().dataSource(LocalStack.DATABASE);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE plan_catalog, user_profile, usage_history, recommendations");
        }
        client = RedisClient.create(stack.redis().uri());
        connection = client.connect();
        redis = connection.sync();
        redis.flushall();
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
    }

    @Test
    void reportsExactlyTheWrongTheStaleAndTheLeftoverDocumentsAndARepairLeavesNoDrift() throws Exception {
        Plan cheap = plan("p-cheap", FLAT_10, true, REGION);
        Plan tiered = plan("p-tiered", TIERED, true, REGION, "R-OTHER");
        Plan retired = plan("p-retired", FLAT_10, false, REGION);
        UserProfile ok = profile("u-ok", "p-retired");
        UserProfile wrong = profile("u-wrong", null);
        List<UsageReading> readings = new ArrayList<>();
        for (int day = 1; day <= 20; day++) {
            readings.add(new UsageReading("u-ok", LocalDate.of(2026, 10, day), new BigDecimal("31.250"), new BigDecimal("12.500")));
        }
        List<UsageReading> wrongReadings = readings.stream()
                .map(r -> new UsageReading("u-wrong", r.usageDate(), new BigDecimal("40.125"), null)).toList();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            insertPlans(c, List.of(cheap, tiered, retired), List.of(FLAT_10, TIERED, FLAT_10));
            insertProfiles(c, List.of(ok, wrong));
            insertReadings(c, readings);
            insertReadings(c, wrongReadings);
            c.commit();
        }
        List<Plan> catalog = List.of(cheap, tiered, retired);

        // What the pipeline would have written: correct documents for u-ok, its plans and region.
        put(CacheKeys.recommendation("u-ok"), 3, Recommender.recommend(ok, readings, catalog, 3, UPDATED));
        put(CacheKeys.usageAnalysis("u-ok"), 4, UsageProfiles.analysis("u-ok", 4, readings));
        put(CacheKeys.profile("u-ok"), 11, ok);
        put(CacheKeys.plan("p-cheap"), 12, cheap);
        put(CacheKeys.catalog(REGION), 13, CatalogDocument.of(REGION, 13L, List.of(cheap, tiered)));
        // A wrong one: u-wrong's first recommendation one cent too dear.
        RecommendationDocument right = Recommender.recommend(wrong, wrongReadings, catalog, 5, UPDATED);
        put(CacheKeys.recommendation("u-wrong"), 5, centTooDear(right));
        // Stale ones for a user deleted in the source: a document in Redis and a read-model row; its profile key is a
        // delete marker, which is what a delete leaves and is no drift.
        RecommendationDocument gone = Recommender.recommend(profile("u-gone", null), readings, catalog, 9, UPDATED);
        put(CacheKeys.recommendation("u-gone"), 9, gone);
        redis.hset(CacheKeys.profile("u-gone"), CacheKeys.FIELD_VERSION, "21");
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO recommendations (user_id, version, generated_at, expires_at, payload)"
                        + " VALUES (?, 9, now(), now(), ?::jsonb)")) {
            ps.setString(1, "u-gone");
            ps.setString(2, Json.mapper().writeValueAsString(gone));
            ps.executeUpdate();
        }
        // A stale catalog of another region: it still lists the tiered plan's old fee.
        Plan oldTiered = new Plan(tiered.planId(), tiered.provider(), tiered.name(), tiered.availableRegions(), true,
                tiered.rateStructure(), tiered.renewablePercentage(), tiered.contractMonths(), new BigDecimal("99.00"), UPDATED);
        put(CacheKeys.catalog("R-OTHER"), 2, CatalogDocument.of("R-OTHER", 2L, List.of(oldTiered)));

        AuditReport report;
        try (Auditor auditor = new Auditor(db, stack.redis().uri())) {
            report = auditor.run(AuditScope.everything());
        }

        assertThat(report.drift())
                .extracting(f -> f.target().label() + " " + f.type().segment() + " " + f.id() + " " + f.kind().label())
                .containsExactlyInAnyOrder(
                        "redis rec u-wrong different",
                        "redis rec u-gone unexpected",
                        "read_model rec u-gone unexpected",
                        "redis catalog R-OTHER different");
        Finding wrongRec = report.drift().stream().filter(f -> f.id().equals("u-wrong")).findFirst().orElseThrow();
        Recommendation first = right.recommendations().get(0);
        assertThat(wrongRec.differences()).containsExactly(new Difference(
                "recommendations[plan_id=" + first.planId() + "].annual_cost", first.annualCost().toPlainString(),
                first.annualCost().add(new BigDecimal("0.01")).toPlainString()));
        Finding staleCatalog = report.drift().stream().filter(f -> f.id().equals("R-OTHER")).findFirst().orElseThrow();
        assertThat(staleCatalog.differences()).containsExactly(
                new Difference("plans[plan_id=p-tiered].early_termination_fee", "150.00", "99.00"));
        // Absent keys are reported apart and are no drift: u-wrong's usage analysis was never projected, u-ok has no row.
        assertThat(report.findings()).filteredOn(f -> !f.drift())
                .extracting(f -> f.target().label() + " " + f.type().segment() + " " + f.id())
                .contains("redis usage u-wrong", "redis profile u-wrong", "read_model rec u-ok", "redis plan p-tiered",
                        "redis plan p-retired")
                .doesNotContain("redis profile u-gone");
        assertThat(report.checkedCount(KeyType.RECOMMENDATION)).isEqualTo(3);
        assertThat(report.checkedCount(KeyType.CATALOG)).isEqualTo(2);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = {"--db-url", stack.postgres().jdbcUrl(LocalStack.DATABASE), "--db-user", EmbeddedPostgresServer.SUPERUSER,
            "--redis", stack.redis().uri(), "--targets", "redis", "--repair", "--json"};
        int status = AuditMain.run(args, Map.of(), print(out), print(err));

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(AuditMain.DRIFT);
        assertThat(Json.mapper().readTree(out.toString(StandardCharsets.UTF_8)).path("drift_count").path("redis").path("rec").asInt())
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("REPAIR DEL tb:rec:{u-wrong}", "REPAIR HDEL tb:rec:{u-gone} d",
                "REPAIR DEL tb:catalog:{R-OTHER}");
        assertThat(redis.exists(CacheKeys.recommendation("u-wrong"))).isZero();
        assertThat(redis.hgetall(CacheKeys.recommendation("u-gone"))).isEqualTo(Map.of(CacheKeys.FIELD_VERSION, "9"));
        assertThat(redis.hexists(CacheKeys.recommendation("u-ok"), CacheKeys.FIELD_DATA)).isTrue();

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        status = AuditMain.run(new String[] {"--db-url", stack.postgres().jdbcUrl(LocalStack.DATABASE), "--db-user",
            EmbeddedPostgresServer.SUPERUSER, "--redis", stack.redis().uri(), "--targets", "redis"}, Map.of(), print(again), print(err));
        assertThat(status).as(again.toString(StandardCharsets.UTF_8)).isEqualTo(AuditMain.CLEAN);
        assertThat(again.toString(StandardCharsets.UTF_8)).contains("audit: no drift");
    }

    @Test
    void aSampleChecksThatManyIdsPerIdSpaceAndAbsenceCountsWhenAsked() throws Exception {
        try (Connection c = db.getConnection()) {
            List<UserProfile> users = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                users.add(profile("s-" + i, null));
            }
            insertProfiles(c, users);
        }
        AuditScope scope = AuditScope.everything().withTargets(EnumSet.of(Target.REDIS)).withSample(5, 42L).withAbsenceIsDrift(true);
        try (Auditor auditor = new Auditor(db, stack.redis().uri())) {
            AuditReport report = auditor.run(scope);
            assertThat(report.checkedCount(KeyType.PROFILE)).isEqualTo(5);
            // Nothing is cached: every sampled user's profile, usage analysis and recommendation is absent, and counts.
            assertThat(report.driftCount(KeyType.PROFILE, Target.REDIS)).isEqualTo(5);
            assertThat(report.driftCount(KeyType.USAGE_ANALYSIS, Target.REDIS)).isEqualTo(5);
            assertThat(auditor.run(scope).findings()).isEqualTo(report.findings());
        }
    }

    private static RecommendationDocument centTooDear(RecommendationDocument doc) {
        List<Recommendation> recs = new ArrayList<>(doc.recommendations());
        Recommendation r = recs.get(0);
        recs.set(0, new Recommendation(r.rank(), r.planId(), r.provider(), r.name(), r.annualCost().add(new BigDecimal("0.01")),
                r.monthlyCosts(), r.savings(), r.switchingCost(), r.netFirstYearSavings(), r.renewablePercentage(), r.contractMonths(),
                r.reasons()));
        return new RecommendationDocument(doc.userId(), doc.version(), doc.generatedAt(), doc.asOf(), doc.status(), doc.region(),
                doc.confidence(), doc.annualKwh(), doc.monthsWithData(), doc.currentPlan(), recs);
    }

    private void put(String key, long version, Object document) {
        redis.hset(key, Map.of(CacheKeys.FIELD_VERSION, Long.toString(version), CacheKeys.FIELD_DATA,
                Json.mapper().writeValueAsString(document)));
    }

    private static Plan plan(String id, String rates, boolean active, String... regions) {
        RateStructure parsed = RateStructureValidator.parse(Json.mapper().readTree(rates), "rate_structure").value();
        return new Plan(id, "Acme", "Plan " + id, List.of(regions), active, parsed, new BigDecimal("50.00"), 12, new BigDecimal("150.00"),
                UPDATED);
    }

    private static UserProfile profile(String id, String currentPlan) {
        return new UserProfile(id, REGION, currentPlan, LocalDate.of(2027, 3, 31), Preferences.NONE, UPDATED);
    }

    private static void insertPlans(Connection c, List<Plan> plans, List<String> rates) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO plan_catalog (plan_id, provider, name, available_regions, is_active,"
                + " rate_structure, renewable_percentage, contract_months, early_termination_fee, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)")) {
            for (int i = 0; i < plans.size(); i++) {
                Plan p = plans.get(i);
                ps.setString(1, p.planId());
                ps.setString(2, p.provider());
                ps.setString(3, p.name());
                ps.setArray(4, c.createArrayOf("text", p.availableRegions().toArray()));
                ps.setBoolean(5, p.isActive());
                ps.setString(6, rates.get(i));
                ps.setBigDecimal(7, p.renewablePercentage());
                ps.setInt(8, p.contractMonths());
                ps.setBigDecimal(9, p.earlyTerminationFee());
                ps.setObject(10, p.updatedAt().atOffset(ZoneOffset.UTC));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertProfiles(Connection c, List<UserProfile> profiles) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_profile (user_id, region, current_plan_id, contract_end_date,"
                + " updated_at) VALUES (?, ?, ?, ?, ?)")) {
            for (UserProfile p : profiles) {
                ps.setString(1, p.userId());
                ps.setString(2, p.region());
                ps.setString(3, p.currentPlanId());
                ps.setObject(4, p.contractEndDate());
                ps.setObject(5, p.updatedAt().atOffset(ZoneOffset.UTC));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertReadings(Connection c, List<UsageReading> readings) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO usage_history (user_id, usage_date, kwh, peak_kwh) VALUES (?, ?, ?, ?)")) {
            for (UsageReading r : readings) {
                ps.setString(1, r.userId());
                ps.setObject(2, r.usageDate());
                ps.setBigDecimal(3, r.kwh());
                ps.setBigDecimal(4, r.peakKwh());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
