package io.treebeard.demo;

import io.treebeard.schemas.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import tools.jackson.databind.JsonNode;

/**
 * Loads a {@link SampleData} set straight into the source tables with {@code COPY}, for runs too large for the write
 * API. The change capture still sees every row (COPY is logically decoded like any insert). Each table loads in one
 * transaction, so a failed run leaves a table either loaded or untouched.
 */
public final class SampleCopy {

    private SampleCopy() {
    }

    /** Copies plans, profiles and usage into the database at {@code jdbcUrl}, reporting progress and rows/s. */
    public static void load(String jdbcUrl, String user, String password, SampleData data, Consumer<String> progress)
            throws SQLException, IOException {
        load(jdbcUrl, user, password, data, data.usageCsv(100_000), progress);
    }

    /** As {@link #load(String, String, String, SampleData, Consumer)} with the given usage CSV bodies (with header). */
    public static void load(String jdbcUrl, String user, String password, SampleData data, List<String> batches,
            Consumer<String> progress) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
            StringBuilder plans = new StringBuilder();
            for (SampleData.PlanBody plan : data.plans()) {
                JsonNode p = Json.mapper().readTree(plan.json());
                plans.append(csv(plan.planId(), p.get("provider").asString(), p.get("name").asString(),
                        pgArray(p.get("available_regions")), p.get("is_active").asString(), p.get("rate_structure").toString(),
                        p.get("renewable_percentage").asString(), p.get("contract_months").asString(),
                        p.get("early_termination_fee").asString(), now));
            }
            copy.copyIn("COPY plan_catalog (plan_id, provider, name, available_regions, is_active, rate_structure,"
                    + " renewable_percentage, contract_months, early_termination_fee, updated_at) FROM STDIN (FORMAT csv)",
                    new StringReader(plans.toString()));
            c.commit();
            long started = System.nanoTime();
            StringBuilder users = new StringBuilder();
            List<SampleData.UserBody> bodies = data.users();
            for (SampleData.UserBody body : bodies) {
                JsonNode u = Json.mapper().readTree(body.json());
                users.append(csv(body.userId(), u.get("region").asString(), text(u.get("current_plan_id")),
                        text(u.get("contract_end_date")), u.get("preferences").toString(), now));
            }
            copy.copyIn("COPY user_profile (user_id, region, current_plan_id, contract_end_date, preferences, updated_at)"
                    + " FROM STDIN (FORMAT csv)", new StringReader(users.toString()));
            c.commit();
            progress.accept(String.format(Locale.ROOT, "Copied %d plans and %,d users in %.1f s", data.plans().size(),
                    bodies.size(), (System.nanoTime() - started) / 1e9));
            started = System.nanoTime();
            long rows = 0;
            for (int i = 0; i < batches.size(); i++) {
                String batch = batches.get(i);
                rows += copy.copyIn("COPY usage_history (user_id, usage_date, kwh, peak_kwh) FROM STDIN (FORMAT csv, HEADER true)",
                        new StringReader(batch));
                c.commit();
                progress.accept(String.format(Locale.ROOT, "Usage %d/%d: %,d readings, %,.0f rows/s", i + 1, batches.size(), rows,
                        rows / ((System.nanoTime() - started) / 1e9)));
            }
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    private static String pgArray(JsonNode array) {
        StringBuilder out = new StringBuilder("{");
        for (JsonNode region : array) {
            out.append(out.length() > 1 ? "," : "").append(region.asString());
        }
        return out.append('}').toString();
    }

    /** One CSV line; null is an unquoted empty field (COPY's NULL), text is quoted with doubled quotes. */
    private static String csv(String... fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            if (fields[i] != null) {
                line.append('"').append(fields[i].replace("\"", "\"\"")).append('"');
            }
        }
        return line.append('\n').toString();
    }
}
