package io.treebeard.audit;

import io.treebeard.schemas.cache.KeyType;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one audit run checks and how it judges.
 *
 * <p>The documents are every id the source knows plus every id the cache holds a key for (so a key left behind for a
 * deleted user is found): users (profile and readings) for {@code rec}, {@code usage} and {@code profile}, plans for
 * {@code plan}, regions (of any plan or profile) for {@code catalog}. With a sample, that many ids are drawn at random
 * from each of the three id spaces; the same users are checked for all three user documents.
 *
 * @param types          the document types to check
 * @param targets        where to read the served documents ({@link Target#API} needs an API base URL)
 * @param sample         ids drawn per id space; 0 = every id
 * @param seed           seed of the sample draw, for a reproducible run
 * @param extraIds       ids to check in any case, per type (e.g. the ids a test deleted), whatever the sample
 * @param absenceIsDrift whether a document the source has but Redis or the read model lacks counts as drift. Off by
 *                       default: a key may have expired or not be projected yet, and the read path then falls back to
 *                       PostgreSQL. The API has no such excuse: its every answer must equal the source, 404s included.
 * @param repair         delete the drifted Redis keys afterwards (see {@link Auditor})
 */
public record AuditScope(Set<KeyType> types, Set<Target> targets, int sample, long seed, Map<KeyType, List<String>> extraIds,
        boolean absenceIsDrift, boolean repair) {

    public AuditScope {
        if (types.isEmpty()) {
            throw new IllegalArgumentException("no document type to audit");
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no target to audit");
        }
        if (sample < 0) {
            throw new IllegalArgumentException("sample must be >= 0: " + sample);
        }
        types = Set.copyOf(types);
        targets = Set.copyOf(targets);
        extraIds = Map.copyOf(extraIds);
    }

    /** Every document of every type, against Redis and the read model; absence is not drift; no repair. */
    public static AuditScope everything() {
        return new AuditScope(EnumSet.allOf(KeyType.class), EnumSet.of(Target.REDIS, Target.READ_MODEL), 0, 0L, Map.of(), false,
                false);
    }

    /** This scope with other targets. */
    public AuditScope withTargets(Set<Target> newTargets) {
        return new AuditScope(types, newTargets, sample, seed, extraIds, absenceIsDrift, repair);
    }

    /** This scope with other document types. */
    public AuditScope withTypes(Set<KeyType> newTypes) {
        return new AuditScope(newTypes, targets, sample, seed, extraIds, absenceIsDrift, repair);
    }

    /** This scope drawing {@code n} ids per id space with {@code drawSeed}; 0 = every id. */
    public AuditScope withSample(int n, long drawSeed) {
        return new AuditScope(types, targets, n, drawSeed, extraIds, absenceIsDrift, repair);
    }

    /** This scope also checking {@code ids}, whatever the sample. */
    public AuditScope withExtraIds(Map<KeyType, List<String>> ids) {
        return new AuditScope(types, targets, sample, seed, ids, absenceIsDrift, repair);
    }

    /** This scope counting (or not) a document absent from Redis or the read model as drift. */
    public AuditScope withAbsenceIsDrift(boolean on) {
        return new AuditScope(types, targets, sample, seed, extraIds, on, repair);
    }

    /** This scope with (or without) the repair of drifted Redis keys. */
    public AuditScope withRepair(boolean on) {
        return new AuditScope(types, targets, sample, seed, extraIds, absenceIsDrift, on);
    }

    /** Whether an absence from {@code target} counts as drift. */
    public boolean absenceIsDrift(Target target) {
        return target == Target.API || absenceIsDrift;
    }
}
