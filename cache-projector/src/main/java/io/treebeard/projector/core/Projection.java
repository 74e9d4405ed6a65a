package io.treebeard.projector.core;

import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.SourcePosition;
import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.schemas.validation.Identifiers;
import io.treebeard.tariff.EflPrices;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import tools.jackson.core.JacksonException;

/**
 * Decides what a record of {@code treebeard.recommendations}, {@code treebeard.profiles} or
 * {@code treebeard.usage-analysis} becomes in Redis and in the read model. Pure: no I/O, so every decision is unit
 * tested; regional catalogs come from the stateful {@link PlanCatalog}.
 *
 * <p>Versions: a recommendation and a usage analysis carry their own {@code version}; a profile or plan change is
 * versioned by its source LSN. Deletes leave a delete marker in Redis (the hash keeps only its version), so neither a
 * late read-path back-fill nor an older replay revives the value; a Kafka tombstone has no version and leaves a marker
 * keeping the stored version (it follows the document or delete change of the same key on the same partition).
 */
public final class Projection {

    private final Duration recommendationTtl;

    /** A projection whose read-model rows expire {@code recommendationTtl} after generation. */
    public Projection(Duration recommendationTtl) {
        this.recommendationTtl = Objects.requireNonNull(recommendationTtl, "recommendationTtl");
    }

    /** A record of {@code treebeard.recommendations}; null is a tombstone. */
    public Projected recommendation(String key, RecommendationDocument doc) {
        String userId = checkKey(key);
        String redisKey = CacheKeys.recommendation(userId);
        if (doc == null) {
            return new Projected(List.of(RedisWrite.delete(KeyType.RECOMMENDATION, redisKey)), RowWrite.delete(userId), null);
        }
        checkSameId(key, doc.userId(), "user_id");
        if (doc.version() < 0) {
            throw new PoisonRecordException("version must be >= 0: " + doc.version());
        }
        if (doc.generatedAt() == null) {
            throw new PoisonRecordException("generated_at is missing");
        }
        byte[] json = toJson(doc);
        RowWrite row = new RowWrite(userId, doc.version(), doc.generatedAt(), doc.generatedAt().plus(recommendationTtl), json);
        return new Projected(List.of(RedisWrite.set(KeyType.RECOMMENDATION, redisKey, doc.version(), json)), row,
                doc.generatedAt());
    }

    /**
     * A record of {@code treebeard.recommendations} from its bytes, which already are the value to serve: the recommender
     * writes them with the shared mapper's field order and formats (checked by its tests), so only the header is read
     * and nothing is re-serialised. Same result as {@link #recommendation(String, RecommendationDocument)} on the
     * parsed document; null is a tombstone.
     */
    public Projected recommendationBytes(String key, byte[] json) {
        if (json == null) {
            return recommendation(key, null);
        }
        String userId = checkKey(key);
        DocumentHeader header = DocumentHeader.read(json);
        checkSameId(key, header.userId(), "user_id");
        if (header.generatedAt() == null) {
            throw new PoisonRecordException("generated_at is missing");
        }
        RowWrite row = new RowWrite(userId, header.version(), header.generatedAt(), header.generatedAt().plus(recommendationTtl), json);
        return new Projected(List.of(RedisWrite.set(KeyType.RECOMMENDATION, CacheKeys.recommendation(userId), header.version(), json)),
                row, header.generatedAt());
    }

    /** A record of {@code treebeard.usage-analysis} from its bytes (see {@link #recommendationBytes}); null is a tombstone. */
    public Projected usageAnalysisBytes(String key, byte[] json, Instant recordTime) {
        if (json == null) {
            return usageAnalysis(key, null, recordTime);
        }
        String userId = checkKey(key);
        DocumentHeader header = DocumentHeader.read(json);
        checkSameId(key, header.userId(), "user_id");
        return new Projected(List.of(RedisWrite.set(KeyType.USAGE_ANALYSIS, CacheKeys.usageAnalysis(userId), header.version(), json)),
                null, recordTime);
    }

    /**
     * A record of {@code treebeard.plans} for the plan key {@code tb:plan:{id}} (the regional catalogs are the
     * {@link PlanCatalog}'s): versioned by the source LSN; a delete leaves a marker at its LSN; null is a tombstone.
     */
    public Projected plan(String key, PlanChange change) {
        String planId = checkKey(key);
        if (change == null) {
            return new Projected(List.of(RedisWrite.delete(KeyType.PLAN, CacheKeys.plan(planId))), null, null);
        }
        Projected projected = sourceVersioned(KeyType.PLAN, planId, "plan", change.op(), change.source(), change.after(),
                Plan::planId, "after.plan_id");
        if (change.op() != ChangeOp.DELETE) {
            // Checked here too, so the plan the catalog cannot hold is dead-lettered by the live consumer (once per group).
            eflPrices(change.after());
        }
        return projected;
    }

    /**
     * The EFL prices of {@code plan}; a rate structure whose prices cannot be computed (say a rate of 1e306 written by
     * SQL, whose bills overflow) is a poison record, dead-lettered, rather than a failure retried forever.
     */
    static Map<String, BigDecimal> eflPrices(Plan plan) {
        try {
            return EflPrices.of(plan.rateStructure());
        } catch (RuntimeException e) {
            throw new PoisonRecordException("EFL prices of plan '" + plan.planId() + "' cannot be computed: " + e.getMessage(), e);
        }
    }

    /** A record of {@code treebeard.profiles}; null is a tombstone. */
    public Projected profile(String key, ProfileChange change) {
        String userId = checkKey(key);
        if (change == null) {
            return new Projected(List.of(RedisWrite.delete(KeyType.PROFILE, CacheKeys.profile(userId))), null, null);
        }
        return sourceVersioned(KeyType.PROFILE, userId, "profile", change.op(), change.source(), change.after(),
                UserProfile::userId, "after.user_id");
    }

    /**
     * A change of a source row (plan or profile) as its key's write: versioned by the source LSN; a delete leaves a
     * marker at that LSN; an upsert sets the row as it is after the change.
     */
    private static <T> Projected sourceVersioned(KeyType type, String id, String kind, ChangeOp op, SourcePosition source,
            T after, Function<T, String> idOf, String idField) {
        String redisKey = CacheKeys.key(type, id);
        if (source == null) {
            throw new PoisonRecordException("source is missing: a " + kind + " change is versioned by its source LSN");
        }
        if (op == ChangeOp.DELETE) {
            return new Projected(List.of(RedisWrite.deleteVersioned(type, redisKey, source.lsn())), null, source.commitTs());
        }
        if (after == null) {
            throw new PoisonRecordException("after is missing in a '" + op.code() + "' change");
        }
        checkSameId(id, idOf.apply(after), idField);
        return new Projected(List.of(RedisWrite.set(type, redisKey, source.lsn(), toJson(after))), null, source.commitTs());
    }

    /**
     * A record of {@code treebeard.usage-analysis}; null is a tombstone. The analysis carries no source time, so
     * {@code recordTime} (the Kafka record timestamp) stands in for it.
     */
    public Projected usageAnalysis(String key, UsageAnalysis analysis, Instant recordTime) {
        String userId = checkKey(key);
        String redisKey = CacheKeys.usageAnalysis(userId);
        if (analysis == null) {
            return new Projected(List.of(RedisWrite.delete(KeyType.USAGE_ANALYSIS, redisKey)), null, null);
        }
        checkSameId(key, analysis.userId(), "user_id");
        return new Projected(List.of(RedisWrite.set(KeyType.USAGE_ANALYSIS, redisKey, analysis.version(), toJson(analysis))),
                null, recordTime);
    }

    /** Serialises with the one shared mapper, so the bytes equal what the query API serialises from the database. */
    public static byte[] toJson(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new PoisonRecordException("cannot serialise " + value.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    static String checkKey(String key) {
        if (key == null || !Identifiers.isValid(key)) {
            throw new PoisonRecordException("key " + Identifiers.REASON + ": " + key);
        }
        return key;
    }

    static void checkSameId(String key, String id, String field) {
        if (!key.equals(id)) {
            throw new PoisonRecordException(field + " '" + id + "' differs from the record key '" + key + "'");
        }
    }
}
