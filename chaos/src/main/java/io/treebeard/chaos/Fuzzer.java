package io.treebeard.chaos;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fuzz pass: generated malformed and hostile requests against both APIs. Counts 5xx answers, error answers that are
 * not {@code application/problem+json}, and writes that were half-applied (a refused write that left a row in the fuzz
 * namespace). An accepted write is recorded and removed again, so each check starts from an empty namespace.
 */
final class Fuzzer {

    private static final Logger LOG = LoggerFactory.getLogger(Fuzzer.class);
    private static final int SAMPLES = 12;

    private final Stack stack;
    private final DataSource ds;

    Fuzzer(Stack stack) {
        this.stack = stack;
        this.ds = stack.dataSource();
    }

    /** The pass's figures. */
    record Result(int requests, Map<String, Map<Integer, Integer>> statusByApi, int serverErrors, int notProblem,
            Map<String, Integer> notProblemByStatus, int halfApplied, int accepted, int noAnswer, List<String> samples) {
        boolean passed() {
            return serverErrors == 0 && halfApplied == 0;
        }
    }

    Result run(int requests, long seed) throws SQLException {
        FuzzCases cases = new FuzzCases(seed);
        Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
        Map<String, Integer> notProblemByStatus = new TreeMap<>();
        List<String> samples = new ArrayList<>();
        int serverErrors = 0;
        int notProblem = 0;
        int halfApplied = 0;
        int accepted = 0;
        int noAnswer = 0;
        clean();
        for (int i = 0; i < requests; i++) {
            FuzzCases.Case c = cases.next();
            int port = c.api().equals("ingest") ? stack.ingest.port() : stack.queryApis.get(i % 2).port();
            RawHttp.Answer a = RawHttp.exchange(port, RawHttp.request(c.method(), c.target(), c.headers(), c.body()));
            statuses.computeIfAbsent(c.api(), k -> new TreeMap<>()).merge(a.status(), 1, Integer::sum);
            if (a.status() == 0) {
                noAnswer++;
                sample(samples, "NO ANSWER (" + a.error() + ") to " + c.describe());
            } else if (a.status() >= 500) {
                serverErrors++;
                sample(samples, a.status() + " to " + c.describe() + " -> " + RawHttp.abbreviate(a.body()));
            }
            if (a.status() >= 400 && !a.problem()) {
                notProblem++;
                notProblemByStatus.merge(c.api() + " " + a.status() + " " + (a.contentType().isEmpty() ? "(no content type)"
                        : a.contentType()), 1, Integer::sum);
            }
            if (c.write() && c.api().equals("ingest")) {
                int rows = fuzzRows();
                if (a.status() >= 200 && a.status() < 300) {
                    accepted++;
                    sample(samples, "ACCEPTED " + a.status() + " " + c.describe());
                    clean();
                } else if (rows > 0) {
                    halfApplied++;
                    sample(samples, "HALF-APPLIED (" + rows + " rows after " + a.status() + ") " + c.describe());
                    clean();
                }
            }
            if ((i + 1) % 500 == 0) {
                LOG.info("fuzz: {} requests, {} 5xx, {} not problem+json, {} half-applied", i + 1, serverErrors, notProblem, halfApplied);
            }
        }
        return new Result(requests, statuses, serverErrors, notProblem, notProblemByStatus, halfApplied, accepted, noAnswer, samples);
    }

    private static void sample(List<String> samples, String line) {
        if (samples.size() < SAMPLES * 4) {
            samples.add(line);
        }
    }

    private int fuzzRows() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT (SELECT count(*) FROM usage_history WHERE user_id LIKE 'fz-%')"
                        + " + (SELECT count(*) FROM plan_catalog WHERE plan_id LIKE 'fz-%')"
                        + " + (SELECT count(*) FROM user_profile WHERE user_id LIKE 'fz-%')")) {
            r.next();
            return r.getInt(1);
        }
    }

    private void clean() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM usage_history WHERE user_id LIKE 'fz-%'");
            s.executeUpdate("DELETE FROM plan_catalog WHERE plan_id LIKE 'fz-%'");
            s.executeUpdate("DELETE FROM user_profile WHERE user_id LIKE 'fz-%'");
        }
    }
}
