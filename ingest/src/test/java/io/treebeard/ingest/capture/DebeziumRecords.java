package io.treebeard.ingest.capture;

import io.debezium.data.Json;
import io.debezium.time.Date;
import io.debezium.time.ZonedTimestamp;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Hand-built Debezium change records (Connect format) of the three source tables, shaped as the Postgres connector emits
 * them with pgoutput, {@code decimal.handling.mode=precise} and the default temporal mapping: text as STRING, text[] as
 * an ARRAY of optional STRING, jsonb as STRING named {@code io.debezium.data.Json}, numeric(p,s) as a Connect
 * {@link Decimal} of scale s, int as INT32, date as INT32 days ({@code io.debezium.time.Date}), timestamptz as an ISO
 * STRING ({@code io.debezium.time.ZonedTimestamp}).
 */
final class DebeziumRecords {

    static final String PREFIX = "tb";
    static final String FLAT_RATES = "{\"energy\": {\"rate\": 0.129, \"type\": \"flat\"}, \"monthly_fee\": 4.95}";
    static final String TIERED_RATES = "{\"energy\": {\"type\": \"tiered\", \"tiers\": [{\"rate\": 0.10, \"up_to_kwh\": 1000},"
            + " {\"rate\": 0.15}]}}";
    static final String UPDATED_AT = "2026-11-25T10:00:00.123456Z";

    /** The source block of Debezium 3 for Postgres, with {@code ts_us}. */
    static final Schema SOURCE = sourceSchema(true);
    /** The source block of an older connector, without {@code ts_us}. */
    static final Schema SOURCE_WITHOUT_TS_US = sourceSchema(false);

    static final Schema PLAN_ROW = SchemaBuilder.struct().name(PREFIX + ".public.plan_catalog.Value").optional()
            .field("plan_id", Schema.STRING_SCHEMA)
            .field("provider", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("available_regions", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).build())
            .field("is_active", Schema.BOOLEAN_SCHEMA)
            .field("rate_structure", Json.schema())
            .field("renewable_percentage", decimal(5, 2))
            .field("contract_months", Schema.INT32_SCHEMA)
            .field("early_termination_fee", decimal(10, 2))
            .field("updated_at", ZonedTimestamp.schema())
            .build();

    static final Schema PROFILE_ROW = SchemaBuilder.struct().name(PREFIX + ".public.user_profile.Value").optional()
            .field("user_id", Schema.STRING_SCHEMA)
            .field("region", Schema.STRING_SCHEMA)
            .field("current_plan_id", Schema.OPTIONAL_STRING_SCHEMA)
            .field("contract_end_date", Date.builder().optional().build())
            .field("preferences", Json.schema())
            .field("updated_at", ZonedTimestamp.schema())
            .build();

    static final Schema USAGE_ROW = SchemaBuilder.struct().name(PREFIX + ".public.usage_history.Value").optional()
            .field("user_id", Schema.STRING_SCHEMA)
            .field("usage_date", Date.schema())
            .field("kwh", decimal(10, 3))
            .field("peak_kwh", Decimal.builder(3).parameter("connect.decimal.precision", "10").optional().build())
            .build();

    private static final Map<String, List<String>> KEY_COLUMNS = Map.of(
            "plan_catalog", List.of("plan_id"),
            "user_profile", List.of("user_id"),
            "usage_history", List.of("user_id", "usage_date"));

    private DebeziumRecords() {
    }

    private static Schema sourceSchema(boolean withTsUs) {
        SchemaBuilder builder = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
                .field("version", Schema.STRING_SCHEMA)
                .field("connector", Schema.STRING_SCHEMA)
                .field("name", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.INT64_SCHEMA)
                .field("snapshot", SchemaBuilder.string().optional().defaultValue("false").build())
                .field("db", Schema.STRING_SCHEMA);
        if (withTsUs) {
            builder.field("ts_us", Schema.OPTIONAL_INT64_SCHEMA);
        }
        return builder
                .field("schema", Schema.STRING_SCHEMA)
                .field("table", Schema.STRING_SCHEMA)
                .field("txId", Schema.OPTIONAL_INT64_SCHEMA)
                .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
    }

    private static Schema decimal(int precision, int scale) {
        return Decimal.builder(scale).parameter("connect.decimal.precision", Integer.toString(precision)).build();
    }

    /** A streamed change's source block: {@code ts_us} given, {@code ts_ms} its truncation to milliseconds. */
    static Struct source(String table, long lsn, long txId, long tsUs) {
        return source(SOURCE, "public", table, lsn, txId, Math.floorDiv(tsUs, 1000L), tsUs, "false");
    }

    /** A source block with every field chosen by the caller; {@code tsUs} is ignored when the schema has no ts_us. */
    static Struct source(Schema schema, String dbSchema, String table, long lsn, Long txId, long tsMs, Long tsUs,
            String snapshot) {
        Struct source = new Struct(schema)
                .put("version", "3.6.1.Final")
                .put("connector", "postgresql")
                .put("name", PREFIX)
                .put("ts_ms", tsMs)
                .put("snapshot", snapshot)
                .put("db", "treebeard")
                .put("schema", dbSchema)
                .put("table", table)
                .put("txId", txId)
                .put("lsn", lsn);
        if (schema.field("ts_us") != null) {
            source.put("ts_us", tsUs);
        }
        return source;
    }

    /** A change record of the row schema of {@code before}/{@code after}, keyed like Debezium by the table's primary key. */
    static SourceRecord change(String op, Struct before, Struct after, Struct source) {
        Struct row = after != null ? after : before;
        Schema rowSchema = row.schema();
        String table = source.getString("table");
        Schema envelopeSchema = SchemaBuilder.struct().name(PREFIX + "." + source.getString("schema") + "." + table + ".Envelope")
                .field("before", rowSchema)
                .field("after", rowSchema)
                .field("source", source.schema())
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
        Struct envelope = new Struct(envelopeSchema)
                .put("before", before)
                .put("after", after)
                .put("source", source)
                .put("op", op)
                .put("ts_ms", source.getInt64("ts_ms") + 5);
        SchemaBuilder keySchema = SchemaBuilder.struct().name(PREFIX + "." + source.getString("schema") + "." + table + ".Key");
        List<String> keyColumns = KEY_COLUMNS.getOrDefault(table, List.of(rowSchema.fields().get(0).name()));
        keyColumns.forEach(c -> keySchema.field(c, rowSchema.field(c).schema()));
        Schema builtKeySchema = keySchema.build();
        Struct key = new Struct(builtKeySchema);
        keyColumns.forEach(c -> key.put(c, row.get(c)));
        return new SourceRecord(Map.of("server", PREFIX), Map.of("lsn", source.getInt64("lsn")),
                PREFIX + "." + source.getString("schema") + "." + table, null, builtKeySchema, key, envelopeSchema, envelope);
    }

    static Struct planRow(String planId, String rateStructure) {
        return new Struct(PLAN_ROW)
                .put("plan_id", planId)
                .put("provider", "Acme Energy")
                .put("name", "Acme Flat 12")
                .put("available_regions", List.of("TX-NORTH", "TX-SOUTH"))
                .put("is_active", true)
                .put("rate_structure", rateStructure)
                .put("renewable_percentage", new BigDecimal("35.50"))
                .put("contract_months", 12)
                .put("early_termination_fee", new BigDecimal("150.00"))
                .put("updated_at", UPDATED_AT);
    }

    static Struct profileRow(String userId, String currentPlanId, LocalDate contractEnd, String preferences) {
        return new Struct(PROFILE_ROW)
                .put("user_id", userId)
                .put("region", "TX-NORTH")
                .put("current_plan_id", currentPlanId)
                .put("contract_end_date", contractEnd == null ? null : (int) contractEnd.toEpochDay())
                .put("preferences", preferences)
                .put("updated_at", UPDATED_AT);
    }

    static Struct usageRow(String userId, LocalDate date, String kwh, String peakKwh) {
        return new Struct(USAGE_ROW)
                .put("user_id", userId)
                .put("usage_date", (int) date.toEpochDay())
                .put("kwh", new BigDecimal(kwh).setScale(3))
                .put("peak_kwh", peakKwh == null ? null : new BigDecimal(peakKwh).setScale(3));
    }
}
