package io.treebeard.audit;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code treebeard audit}: recomputes the served documents from PostgreSQL and reports where Redis, the read model and
 * the read API differ. See {@link AuditArgs#USAGE}; docs/operations.md ("Audit") explains the output.
 */
public final class AuditMain {

    /** Exit status: nothing drifted. */
    public static final int CLEAN = 0;
    /** Exit status: drift found (and, with {@code --repair}, removed from Redis). */
    public static final int DRIFT = 1;
    /** Exit status: bad arguments, or a store could not be read. */
    public static final int FAILED = 2;

    private AuditMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), new PrintStream(System.out, true, StandardCharsets.UTF_8),
                new PrintStream(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs the command; returns the exit status. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(AuditArgs.USAGE);
            return CLEAN;
        }
        AuditArgs parsed;
        try {
            parsed = AuditArgs.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(AuditArgs.USAGE);
            return FAILED;
        }
        AuditScope scope = parsed.scope(new SecureRandom().nextLong());
        PrintStream lines = parsed.json() ? err : out;
        if (scope.sample() > 0) {
            lines.println("sample: " + scope.sample() + " ids per id space, --seed " + scope.seed());
        }
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setURL(parsed.dbUrl());
        if (parsed.dbUser() != null) {
            db.setUser(parsed.dbUser());
        }
        if (parsed.dbPassword() != null) {
            db.setPassword(parsed.dbPassword());
        }
        AuditReport report;
        try (Auditor auditor = new Auditor(db, parsed.redis(), parsed.api(), parsed.apiKey())) {
            report = auditor.run(scope);
        } catch (AuditException | io.lettuce.core.RedisException e) {
            err.println("audit failed: " + e.getMessage());
            return FAILED;
        }
        report.lines().forEach(lines::println);
        if (parsed.json()) {
            out.println(report.toJson());
        }
        return report.hasDrift() ? DRIFT : CLEAN;
    }
}
