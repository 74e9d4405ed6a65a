package io.treebeard.ingest;

import static io.treebeard.ingest.IngestTestSupport.READER_KEY;
import static io.treebeard.ingest.IngestTestSupport.WRITER_KEY;
import static io.treebeard.ingest.IngestTestSupport.count;
import static io.treebeard.ingest.IngestTestSupport.fingerprint;
import static io.treebeard.ingest.IngestTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.json.Json;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.junit.LocalStackExtension;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The write API against the real stack: what it writes, and that every refusal writes nothing. */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteApiIT {

    private static final String PLAN = """
            {"provider": "Acme", "name": "Acme Saver 12", "available_regions": ["TX-NORTH", "TX-SOUTH"], "is_active": true,
             "rate_structure": {"monthly_fee": 4.95, "energy": {"type": "flat", "rate": 0.129}},
             "renewable_percentage": 40, "contract_months": 12, "early_termination_fee": 150}""";

    private ConfigurableApplicationContext app;
    private DataSource db;

    @BeforeAll
    void start(LocalStack stack) {
        stack.postgres().createDatabase("write_api_it");
        db = stack.postgres().dataSource("write_api_it");
        app = IngestTestSupport.start(stack, "write_api_it", "--treebeard.ingest.capture.enabled=false",
                "--treebeard.ingest.api.max-body-bytes=200000");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void jsonUsageBatchIsUpsertedAndARetryChangesNothing() throws Exception {
        String body = "[{\"user_id\":\"wa-1\",\"usage_date\":\"2026-01-01\",\"kwh\":12.5,\"peak_kwh\":5},"
                + "{\"user_id\":\"wa-1\",\"usage_date\":\"2026-01-02\",\"kwh\":13}]";
        HttpResponse<String> first = send(app, "POST", "/api/v1/usage", "application/json", body, WRITER_KEY);
        HttpResponse<String> retry = send(app, "POST", "/api/v1/usage", "application/json", body, WRITER_KEY);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first).get("count").asInt()).isEqualTo(2);
        assertThat(json(first).get("changed").asInt()).isEqualTo(2);
        assertThat(json(retry).get("changed").asInt()).isZero();
        assertThat(count(db, "SELECT count(*) FROM usage_history WHERE user_id = 'wa-1'")).isEqualTo(2);
        assertThat(first.headers().firstValue("X-Request-ID")).isPresent();
    }

    @Test
    void csvUsageBatchIsUpsertedAndTheLastDuplicateRowWins() throws Exception {
        String csv = "user_id,usage_date,kwh,peak_kwh\nwa-2,2026-02-01,10,4\nwa-2,2026-02-02,11,\nwa-2,2026-02-01,20,8\n";
        HttpResponse<String> response = send(app, "POST", "/api/v1/usage", "text/csv", csv, WRITER_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(count(db, "SELECT count(*) FROM usage_history WHERE user_id = 'wa-2'")).isEqualTo(2);
        assertThat(count(db, "SELECT kwh FROM usage_history WHERE user_id = 'wa-2' AND usage_date = '2026-02-01'")).isEqualTo(20);
    }

    @Test
    void invalidRowsAreAllListedAndNothingOfTheBatchIsWritten() throws Exception {
        String before = fingerprint(db);
        String body = "[{\"user_id\":\"wa-3\",\"usage_date\":\"2026-03-01\",\"kwh\":1},"
                + "{\"user_id\":\"wa 3\",\"usage_date\":\"2026-03-02\",\"kwh\":1},"
                + "{\"user_id\":\"wa-3\",\"usage_date\":\"2026-03-03\",\"kwh\":-1},"
                + "{\"user_id\":\"wa-3\",\"usage_date\":\"2026-03-04\",\"kwh\":5,\"peak_kwh\":6}]";
        HttpResponse<String> response = send(app, "POST", "/api/v1/usage", "application/json", body, WRITER_KEY);

        assertThat(response.statusCode()).isEqualTo(422);
        assertProblem(response);
        JsonNode errors = json(response).get("errors");
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0).get("index").asInt()).isEqualTo(1);
        assertThat(errors.get(0).get("field").asString()).isEqualTo("user_id");
        assertThat(errors.get(1).get("index").asInt()).isEqualTo(2);
        assertThat(errors.get(1).get("field").asString()).isEqualTo("kwh");
        assertThat(errors.get(2).get("index").asInt()).isEqualTo(3);
        assertThat(errors.get(2).get("field").asString()).isEqualTo("peak_kwh");
        assertThat(errors.get(2).get("reason").asString()).isNotBlank();
        assertThat(fingerprint(db)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing key|POST|/api/v1/usage|application/json|[]||401|Authorization",
        "unknown key|POST|/api/v1/usage|application/json|[]|nope|401|Authorization",
        "read-only key|POST|/api/v1/usage|application/json|[]|READER|403|Authorization",
        "read-only key deleting|DELETE|/api/v1/plans/p-x|||READER|403|Authorization",
        "malformed json|POST|/api/v1/usage|application/json|[{\"user_id\": |WRITER|400|body",
        "json not an array|POST|/api/v1/usage|application/json|{\"user_id\": \"u\"}|WRITER|400|body",
        "empty body|POST|/api/v1/usage|application/json||WRITER|400|body",
        "csv without header|POST|/api/v1/usage|text/csv|u-1,2026-01-01,1,|WRITER|400|header",
        "wrong content type|POST|/api/v1/usage|application/xml|<rows/>|WRITER|415|",
        "plan wrong content type|PUT|/api/v1/plans/p-1|text/plain|x|WRITER|415|",
        "malformed plan id|PUT|/api/v1/plans/p%201|application/json|{}|WRITER|400|plan_id",
        "plan body not an object|PUT|/api/v1/plans/p-1|application/json|[1]|WRITER|400|body",
        "plan unknown energy type|PUT|/api/v1/plans/p-1|application/json|"
            + "{\"provider\": \"A\", \"name\": \"B\", \"available_regions\": [\"TX\"], \"is_active\": true,"
            + " \"rate_structure\": {\"energy\": {\"type\": \"nuclear\"}}, \"renewable_percentage\": 1,"
            + " \"contract_months\": 0}|WRITER|422|rate_structure.energy.type",
        "plan renewable over 100|PUT|/api/v1/plans/p-1|application/json|"
            + "{\"provider\": \"A\", \"name\": \"B\", \"available_regions\": [\"TX\"], \"is_active\": true,"
            + " \"rate_structure\": {\"energy\": {\"type\": \"flat\", \"rate\": 0.1}}, \"renewable_percentage\": 120,"
            + " \"contract_months\": 0}|WRITER|422|renewable_percentage",
        "profile unknown preference|PUT|/api/v1/users/u-1|application/json|"
            + "{\"region\": \"TX\", \"preferences\": {\"colour\": \"green\"}}|WRITER|422|preferences.colour",
        "profile malformed date|PUT|/api/v1/users/u-1|application/json|"
            + "{\"region\": \"TX\", \"contract_end_date\": \"31/01/2027\"}|WRITER|422|contract_end_date",
        "malformed reading date|DELETE|/api/v1/usage/u-1/2026-13-01|||WRITER|400|usage_date",
        "absent reading|DELETE|/api/v1/usage/u-1/2026-01-01|||WRITER|404|usage_date",
        "absent plan|DELETE|/api/v1/plans/nobody|||WRITER|404|plan_id",
        "absent user|DELETE|/api/v1/users/nobody|||WRITER|404|user_id"
    })
    void everyRefusalIsAProblemNamingTheFieldAndWritesNothing(String name, String method, String path, String type, String body,
            String key, int status, String field) throws Exception {
        String before = fingerprint(db);
        String bearer = "WRITER".equals(key) ? WRITER_KEY : "READER".equals(key) ? READER_KEY : key;
        HttpResponse<String> response = send(app, method, path, type, body == null && "POST".equals(method) ? "" : body, bearer);

        assertThat(response.statusCode()).isEqualTo(status);
        assertProblem(response);
        if (field != null) {
            assertThat(json(response).toString()).contains("\"" + field + "\"");
        }
        assertThat(fingerprint(db)).isEqualTo(before);
    }

    @Test
    void batchOverTheRowLimitIs413AndWritesNothing() throws Exception {
        String before = fingerprint(db);
        String csv = "user_id,usage_date,kwh,peak_kwh\n" + IntStream.range(0, 10_001)
                .mapToObj(i -> "big-" + (i % 100) + ",2025-01-01,1,").collect(Collectors.joining("\n"));
        HttpResponse<String> response = send(app, "POST", "/api/v1/usage", "text/csv", csv, WRITER_KEY);

        assertThat(response.statusCode()).isEqualTo(413);
        assertProblem(response);
        assertThat(fingerprint(db)).isEqualTo(before);
    }

    @Test
    void bodyOverTheByteLimitIs413AndWritesNothing() throws Exception {
        String before = fingerprint(db);
        String body = "[" + "{\"user_id\":\"x\",\"usage_date\":\"2026-01-01\",\"kwh\":1},".repeat(5_000) + "]";
        HttpResponse<String> response = send(app, "POST", "/api/v1/usage", "application/json", body, WRITER_KEY);

        assertThat(response.statusCode()).isEqualTo(413);
        assertProblem(response);
        assertThat(json(response).at("/errors/0/field").asString()).isEqualTo("body");
        assertThat(fingerprint(db)).isEqualTo(before);
    }

    @Test
    void planIsCreatedThenUpdatedThenUnchangedThenDeleted() throws Exception {
        assertThat(send(app, "PUT", "/api/v1/plans/wa-p1", "application/json", PLAN, WRITER_KEY).statusCode()).isEqualTo(201);
        HttpResponse<String> update = send(app, "PUT", "/api/v1/plans/wa-p1", "application/json",
                PLAN.replace("0.129", "0.119"), WRITER_KEY);
        HttpResponse<String> same = send(app, "PUT", "/api/v1/plans/wa-p1", "application/json",
                PLAN.replace("0.129", "0.119"), WRITER_KEY);

        assertThat(update.statusCode()).isEqualTo(200);
        assertThat(json(same).get("outcome").asString()).isEqualTo("unchanged");
        assertThat(count(db, "SELECT count(*) FROM plan_catalog WHERE plan_id = 'wa-p1'"
                + " AND rate_structure -> 'energy' ->> 'rate' = '0.119'")).isEqualTo(1);
        assertThat(send(app, "DELETE", "/api/v1/plans/wa-p1", null, null, WRITER_KEY).statusCode()).isEqualTo(204);
        assertThat(count(db, "SELECT count(*) FROM plan_catalog WHERE plan_id = 'wa-p1'")).isZero();
    }

    @Test
    void deletingAUserDeletesItsReadingsToo() throws Exception {
        assertThat(send(app, "PUT", "/api/v1/users/wa-u9", "application/json",
                "{\"region\": \"TX-NORTH\", \"preferences\": {\"top_n\": 3}}", WRITER_KEY).statusCode()).isEqualTo(201);
        send(app, "POST", "/api/v1/usage", "application/json",
                "[{\"user_id\":\"wa-u9\",\"usage_date\":\"2026-01-01\",\"kwh\":1}]", WRITER_KEY);

        assertThat(send(app, "DELETE", "/api/v1/users/wa-u9", null, null, WRITER_KEY).statusCode()).isEqualTo(204);
        assertThat(count(db, "SELECT count(*) FROM usage_history WHERE user_id = 'wa-u9'")).isZero();
        assertThat(count(db, "SELECT count(*) FROM user_profile WHERE user_id = 'wa-u9'")).isZero();
    }

    private static void assertProblem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        assertThat(json(response).get("status").asInt()).isEqualTo(response.statusCode());
        assertThat(response.headers().firstValue("X-Request-ID")).isPresent();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.mapper().readTree(response.body());
    }
}
