package io.treebeard.audit;

import io.treebeard.schemas.cache.KeyType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@code treebeard audit}, validated.
 *
 * @param dbPassword from {@code --db-password}, else the environment variable {@link #DB_PASSWORD_ENV}
 * @param apiKey     from {@code --api-key}, else {@link #API_KEY_ENV}; null when none
 * @param seed       the sample's seed; null = a random one (printed, so a run can be repeated)
 */
public record AuditArgs(String dbUrl, String dbUser, String dbPassword, String redis, String api, String apiKey, int sample, Long seed,
        Set<KeyType> types, Set<Target> targets, Map<KeyType, List<String>> ids, boolean absentIsDrift, boolean repair, boolean json) {

    /** Environment variable holding the database password, so it need not appear in the process list. */
    public static final String DB_PASSWORD_ENV = "TREEBEARD_AUDIT_DB_PASSWORD";
    /** Environment variable holding the read API key. */
    public static final String API_KEY_ENV = "TREEBEARD_AUDIT_API_KEY";

    /** The usage text. */
    public static final String USAGE = String.join("\n",
            "usage: treebeard audit --db-url JDBC_URL --redis REDIS_URI [options]",
            "  --db-url URL          source database, e.g. jdbc:postgresql://localhost:5432/treebeard",
            "  --db-user NAME        database user (the treebeard_reader role is enough)",
            "  --db-password PW      database password (or env " + DB_PASSWORD_ENV + ")",
            "  --redis URI           cache, e.g. redis://localhost:6379",
            "  --api URL             also audit the read API, e.g. http://localhost:8080",
            "  --api-key KEY         read key of the API when it requires one (or env " + API_KEY_ENV + ")",
            "  --sample N            check N random ids per id space (users, plans, regions) instead of all",
            "  --seed S              seed of the sample (default: random, printed)",
            "  --types T,...         document types: rec,usage,catalog,plan,profile (default: all)",
            "  --targets T,...       redis,read_model,api (default: redis,read_model, plus api with --api)",
            "  --id TYPE:ID          also check this id (repeatable), e.g. rec:u-1 for a user deleted in the source",
            "  --absent-is-drift     count a document absent from Redis or the read model as drift",
            "  --repair              remove the drifted Redis keys so the read path serves PostgreSQL",
            "  --json                print the JSON summary on stdout (the human-readable lines go to stderr)",
            "exit status: 0 no drift, 1 drift, 2 bad arguments or a store could not be read");

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static AuditArgs parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        Map<KeyType, List<String>> ids = new HashMap<>();
        boolean absentIsDrift = false;
        boolean repair = false;
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--absent-is-drift" -> absentIsDrift = true;
                case "--repair" -> repair = true;
                case "--json" -> json = true;
                case "--db-url", "--db-user", "--db-password", "--redis", "--api", "--api-key", "--sample", "--seed", "--types",
                        "--targets", "--id" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    String value = args[++i];
                    if (arg.equals("--id")) {
                        addId(ids, value);
                    } else if (values.put(arg, value) != null) {
                        throw new IllegalArgumentException(arg + " given twice");
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        String dbUrl = required(values, "--db-url");
        String redis = required(values, "--redis");
        String api = values.get("--api");
        Set<Target> targets = values.containsKey("--targets") ? targets(values.get("--targets"))
                : api == null ? EnumSet.of(Target.REDIS, Target.READ_MODEL) : EnumSet.allOf(Target.class);
        if (targets.contains(Target.API) && api == null) {
            throw new IllegalArgumentException("--targets api needs --api");
        }
        return new AuditArgs(dbUrl, values.get("--db-user"), values.getOrDefault("--db-password", env.get(DB_PASSWORD_ENV)), redis, api,
                values.getOrDefault("--api-key", env.get(API_KEY_ENV)), nonNegative(values.getOrDefault("--sample", "0"), "--sample"),
                values.containsKey("--seed") ? number(values.get("--seed"), "--seed") : null,
                values.containsKey("--types") ? types(values.get("--types")) : EnumSet.allOf(KeyType.class), targets, ids,
                absentIsDrift, repair, json);
    }

    /** The audit scope these arguments ask for. */
    public AuditScope scope(long drawnSeed) {
        return new AuditScope(types, targets, sample, seed == null ? drawnSeed : seed, ids, absentIsDrift, repair);
    }

    private static void addId(Map<KeyType, List<String>> ids, String value) {
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("--id wants TYPE:ID, e.g. rec:u-1: " + value);
        }
        ids.computeIfAbsent(type(value.substring(0, colon)), t -> new ArrayList<>()).add(value.substring(colon + 1));
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static Set<KeyType> types(String list) {
        Set<KeyType> out = EnumSet.noneOf(KeyType.class);
        for (String name : list.split(",")) {
            out.add(type(name.trim()));
        }
        return out;
    }

    private static KeyType type(String segment) {
        for (KeyType type : KeyType.values()) {
            if (type.segment().equals(segment)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown document type " + segment + " (rec, usage, catalog, plan, profile)");
    }

    private static Set<Target> targets(String list) {
        Set<Target> out = EnumSet.noneOf(Target.class);
        for (String name : list.split(",")) {
            try {
                out.add(Target.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown target " + name + " (redis, read_model, api)", e);
            }
        }
        return out;
    }

    private static long number(String value, String name) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: " + value, e);
        }
    }

    private static int nonNegative(String value, String name) {
        long n = number(value, name);
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be 0 or more: " + value);
        }
        return (int) n;
    }
}
