package io.treebeard.audit;

import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.validation.Identifiers;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;

/**
 * The audit, free of any framework: recomputes from PostgreSQL, with the tariff engine, every served document of a
 * scope and compares it with what Redis, the recommendations read model and (optionally) the read API serve.
 *
 * <p>The source is read in one REPEATABLE READ snapshot taken at the start of a run; the targets are read after it. On a
 * quiet pipeline the run is exact; while changes flow, a document the pipeline has not caught up with yet shows as
 * drift, so a periodic run should alert on drift that persists over two runs rather than on one.
 *
 * <p>{@code --repair} never writes a document (the audit has no pipeline version to write it with); it removes what is
 * wrong from Redis so the read path serves the source (see {@link RedisTarget#repair}). The read model is not repaired.
 *
 * <p>One instance holds one Redis connection; {@link #run} may be called repeatedly, one call at a time.
 */
public final class Auditor implements AutoCloseable {

    private static final int BATCH = 200;
    private static final Set<KeyType> USER_TYPES = EnumSet.of(KeyType.RECOMMENDATION, KeyType.USAGE_ANALYSIS, KeyType.PROFILE);

    private final DataSource dataSource;
    private final RedisTarget redis;
    private final ApiTarget api;

    /**
     * @param dataSource the source database (the {@code treebeard_reader} role is enough)
     * @param redisUri   e.g. {@code redis://localhost:6379}
     * @param apiBaseUrl the read API, e.g. {@code http://localhost:8080}; null when the API is not audited
     * @param apiKey     a read key of the API, or null when it needs none
     */
    public Auditor(DataSource dataSource, String redisUri, String apiBaseUrl, String apiKey) {
        this.dataSource = dataSource;
        this.redis = new RedisTarget(redisUri);
        this.api = apiBaseUrl == null ? null : new ApiTarget(apiBaseUrl, apiKey);
    }

    /** An auditor of PostgreSQL and Redis only. */
    public Auditor(DataSource dataSource, String redisUri) {
        this(dataSource, redisUri, null, null);
    }

    /**
     * Runs one audit.
     *
     * @throws AuditException when a store cannot be read at all
     * @throws IllegalArgumentException when the scope asks for the API and this auditor has none
     */
    public AuditReport run(AuditScope scope) {
        if (scope.targets().contains(Target.API) && api == null) {
            throw new IllegalArgumentException("the scope audits the read API but no API base URL was given");
        }
        long started = System.nanoTime();
        Map<KeyType, Integer> checked = AuditReport.noneChecked();
        List<Finding> findings = new ArrayList<>();
        try (SourceSnapshot source = SourceSnapshot.open(dataSource)) {
            Run run = new Run(source, scope, findings);
            Set<KeyType> userTypes = EnumSet.noneOf(KeyType.class);
            userTypes.addAll(USER_TYPES);
            userTypes.retainAll(scope.types());
            if (!userTypes.isEmpty()) {
                List<String> users = run.users(userTypes);
                userTypes.forEach(t -> checked.put(t, users.size()));
                for (List<String> batch : batches(users)) {
                    run.checkUsers(userTypes, batch);
                }
            }
            if (scope.types().contains(KeyType.PLAN)) {
                List<String> plans = run.choose(List.of(KeyType.PLAN), source.planIds());
                checked.put(KeyType.PLAN, plans.size());
                for (List<String> batch : batches(plans)) {
                    run.check(KeyType.PLAN, batch, source::plan);
                }
            }
            if (scope.types().contains(KeyType.CATALOG)) {
                List<String> regions = run.choose(List.of(KeyType.CATALOG), source.regions());
                checked.put(KeyType.CATALOG, regions.size());
                for (List<String> batch : batches(regions)) {
                    run.check(KeyType.CATALOG, batch, region -> Optional.of(source.catalog(region)));
                }
            }
        } catch (SQLException e) {
            throw new AuditException("the source database could not be read: " + e.getMessage(), e);
        }
        List<String> repairs = scope.repair() && scope.targets().contains(Target.REDIS) ? redis.repair(findings) : List.of();
        return new AuditReport(checked, scope.targets(), findings, repairs, java.time.Duration.ofNanos(System.nanoTime() - started));
    }

    private static List<List<String>> batches(List<String> ids) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += BATCH) {
            out.add(ids.subList(i, Math.min(ids.size(), i + BATCH)));
        }
        return out;
    }

    @Override
    public void close() {
        redis.close();
    }

    /** One run's state: the snapshot, the scope and the findings so far. */
    private final class Run {

        private final SourceSnapshot source;
        private final AuditScope scope;
        private final List<Finding> findings;

        Run(SourceSnapshot source, AuditScope scope, List<Finding> findings) {
            this.source = source;
            this.scope = scope;
            this.findings = findings;
        }

        /** The users to check: every known user (source, cache keys, read-model rows), or a sample of them. */
        List<String> users(Set<KeyType> userTypes) throws SQLException {
            Set<String> known = new TreeSet<>(source.userIds());
            if (scope.targets().contains(Target.READ_MODEL) && userTypes.contains(KeyType.RECOMMENDATION)) {
                known.addAll(source.readModelUserIds());
            }
            return choose(userTypes, known);
        }

        /**
         * The ids of an id space to check: the source's plus those the cache holds keys for, all or a seeded sample,
         * plus the scope's extra ids.
         */
        List<String> choose(Collection<KeyType> types, Collection<String> fromSource) {
            Set<String> known = new TreeSet<>(fromSource);
            if (scope.targets().contains(Target.REDIS)) {
                types.forEach(t -> known.addAll(redis.ids(t)));
            }
            List<String> ids = new ArrayList<>(known);
            if (scope.sample() > 0 && ids.size() > scope.sample()) {
                Collections.shuffle(ids, new Random(scope.seed()));
                ids = new ArrayList<>(ids.subList(0, scope.sample()));
                Collections.sort(ids);
            }
            Set<String> chosen = new TreeSet<>(ids);
            types.forEach(t -> chosen.addAll(scope.extraIds().getOrDefault(t, List.of())));
            return new ArrayList<>(chosen);
        }

        void checkUsers(Set<KeyType> userTypes, List<String> userIds) throws SQLException {
            Map<String, SourceSnapshot.User> users = new LinkedHashMap<>();
            for (String id : userIds) {
                users.put(id, source.user(id));
            }
            for (KeyType type : userTypes) {
                Function<SourceSnapshot.User, Optional<JsonNode>> document = switch (type) {
                    case RECOMMENDATION -> SourceSnapshot.User::recommendation;
                    case USAGE_ANALYSIS -> SourceSnapshot.User::usageAnalysis;
                    default -> SourceSnapshot.User::profileDocument;
                };
                check(type, userIds, id -> document.apply(users.get(id)));
            }
        }

        /** Compares one batch of documents of one type on every target of the scope. */
        void check(KeyType type, List<String> ids, SourceFunction expectedOf) throws SQLException {
            Map<String, Optional<JsonNode>> expected = new LinkedHashMap<>();
            for (String id : ids) {
                expected.put(id, expectedOf.apply(id));
            }
            if (scope.targets().contains(Target.REDIS)) {
                Map<String, Served> cached = redis.read(ids.stream().map(id -> CacheKeys.key(type, id)).toList());
                for (String id : ids) {
                    String key = CacheKeys.key(type, id);
                    record(type, id, key, Target.REDIS, expected.get(id), cached.get(key));
                }
            }
            if (scope.targets().contains(Target.READ_MODEL) && type == KeyType.RECOMMENDATION) {
                for (String id : ids) {
                    Served stored = source.readModel(id).map(ReadModel::served).orElseGet(() -> Served.absent("no row"));
                    record(type, id, CacheKeys.key(type, id), Target.READ_MODEL, expected.get(id), stored);
                }
            }
            if (scope.targets().contains(Target.API)) {
                for (String id : ids) {
                    // The source cannot hold a malformed id (check constraints), and the API answers 400 for one.
                    if (Identifiers.isValid(id)) {
                        record(type, id, CacheKeys.key(type, id), Target.API, expected.get(id), api.get(type, id));
                    }
                }
            }
        }

        private void record(KeyType type, String id, String key, Target target, Optional<JsonNode> expected, Served served) {
            Judge.judge(type, id, key, target, expected, served, scope).ifPresent(findings::add);
        }
    }

    /** The expected document of an id, read from the snapshot. */
    @FunctionalInterface
    private interface SourceFunction {
        Optional<JsonNode> apply(String id) throws SQLException;
    }

    /** The read model's payload as a served document. */
    private static final class ReadModel {

        private ReadModel() {
        }

        static Served served(String payload) {
            try {
                return Served.of(DocumentComparison.parse(payload), "row");
            } catch (RuntimeException e) {
                return Served.error("payload is not JSON: " + e.getMessage());
            }
        }
    }
}
