package io.treebeard.ingest.capture;

import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.CommitTimeHeader;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.event.SourcePosition;
import io.treebeard.schemas.event.UsageChange;
import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.UsageReading;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.Topics;
import io.treebeard.schemas.validation.FieldError;
import io.treebeard.schemas.validation.PlanValidator;
import io.treebeard.schemas.validation.PreferencesValidator;
import io.treebeard.schemas.validation.ValidationResult;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Maps one Debezium change record (Connect format, pgoutput) of the three source tables to the canonical events of
 * {@code schemas}. Pure: no I/O, so every case is unit-testable with hand-built records.
 *
 * <p>Keys follow the contract: plan_id for plans, user_id for profiles and readings. A deleted plan or profile becomes a
 * change with {@code after} null followed by a tombstone, so compaction can drop the key while consumers still see the
 * delete's LSN. A row whose JSON columns break the contract becomes a dead letter naming the field.
 */
public final class ChangeMapper {

    /** The tables the capture reads, as {@code schema.table}. */
    public static final String PLANS_TABLE = "public.plan_catalog";
    /** The profiles table. */
    public static final String PROFILES_TABLE = "public.user_profile";
    /** The readings table. */
    public static final String USAGE_TABLE = "public.usage_history";

    private final Clock clock;

    /** A mapper stamping dead letters with {@code clock}. */
    public ChangeMapper(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Maps one record; never throws for a bad row (that is a {@link CapturedChange.Reject}). */
    public CapturedChange map(SourceRecord record) {
        if (!(record.value() instanceof Struct envelope) || envelope.schema().field("op") == null) {
            return new CapturedChange.Skip(record.topic());
        }
        Struct source = envelope.getStruct("source");
        String table = source.getString("schema") + "." + source.getString("table");
        try {
            return switch (table) {
                case PLANS_TABLE -> mapPlan(table, envelope, source);
                case PROFILES_TABLE -> mapProfile(table, envelope, source);
                case USAGE_TABLE -> mapUsage(table, envelope, source);
                default -> new CapturedChange.Skip(table);
            };
        } catch (InvalidRowException e) {
            return reject(table, record, envelope, source, e.getMessage(), null);
        } catch (RuntimeException e) {
            return reject(table, record, envelope, source, e.getMessage(), e.getClass().getName());
        }
    }

    private CapturedChange mapPlan(String table, Struct envelope, Struct source) {
        ChangeOp op = op(envelope);
        Plan before = lenient(envelope.getStruct("before"), this::plan);
        Plan after = optional(envelope.getStruct("after"), this::plan);
        String planId = id(envelope, "plan_id");
        PlanChange change = new PlanChange(op, planId, before, after, position(source));
        return publish(table, Topics.PLANS, planId, change, op == ChangeOp.DELETE, change.source());
    }

    private CapturedChange mapProfile(String table, Struct envelope, Struct source) {
        ChangeOp op = op(envelope);
        UserProfile before = lenient(envelope.getStruct("before"), this::profile);
        UserProfile after = optional(envelope.getStruct("after"), this::profile);
        String userId = id(envelope, "user_id");
        ProfileChange change = new ProfileChange(op, userId, before, after, position(source));
        return publish(table, Topics.PROFILES, userId, change, op == ChangeOp.DELETE, change.source());
    }

    private CapturedChange mapUsage(String table, Struct envelope, Struct source) {
        ChangeOp op = op(envelope);
        Struct row = op == ChangeOp.DELETE ? envelope.getStruct("before") : envelope.getStruct("after");
        UsageReading reading = reading(row);
        UsageChange change = new UsageChange(op, reading.userId(), reading.usageDate(),
                op == ChangeOp.DELETE ? null : reading, position(source));
        return publish(table, Topics.USAGE, reading.userId(), change, false, change.source());
    }

    /** The change's record (and tombstone), each carrying the source commit time ({@link CommitTimeHeader}). */
    private static <V> CapturedChange publish(String table, Topic<String, V> topic, String key, V value, boolean tombstone,
            SourcePosition position) {
        long commitMs = position.commitTs().toEpochMilli();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(2);
        records.add(stamped(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)),
                commitMs));
        if (tombstone) {
            records.add(stamped(new ProducerRecord<>(topic.name(), key, null), commitMs));
        }
        return new CapturedChange.Publish(table, records);
    }

    /** {@code record} with the {@link CommitTimeHeader} set to {@code commitMs}. */
    static ProducerRecord<String, byte[]> stamped(ProducerRecord<String, byte[]> record, long commitMs) {
        CommitTimeHeader.write(record.headers(), commitMs);
        return record;
    }

    private CapturedChange reject(String table, SourceRecord record, Struct envelope, Struct source, String reason,
            String exceptionClass) {
        Long lsn = source.getInt64("lsn");
        String key = record.key() == null ? null : record.key().toString();
        Struct row = envelope.getStruct("after") != null ? envelope.getStruct("after") : envelope.getStruct("before");
        ProducerRecord<String, byte[]> letter = DeadLetters.record(table, lsn == null ? -1 : lsn, key,
                row == null ? null : row.toString(), reason, exceptionClass, clock.instant());
        Long commitMs = source.getInt64("ts_ms");
        return new CapturedChange.Reject(table, commitMs == null ? letter : stamped(letter, commitMs), reason);
    }

    /**
     * A row as the plan it stores, checked by the write API's own rules ({@link PlanValidator}, with its input bounds):
     * a plan written by direct SQL that the API would refuse is not published, whatever the database accepted.
     */
    private Plan plan(Struct row) {
        String planId = row.getString("plan_id");
        return valid(PlanValidator.ofColumns(planId, row.getString("provider"), row.getString("name"), regions(row),
                row.getBoolean("is_active"), json(row, "rate_structure"), decimal(row, "renewable_percentage"),
                row.getInt32("contract_months"), decimal(row, "early_termination_fee"), instant(row, "updated_at")), planId);
    }

    private UserProfile profile(Struct row) {
        String userId = row.getString("user_id");
        Preferences preferences = valid(PreferencesValidator.parse(json(row, "preferences"), "preferences"), userId);
        Integer endDays = row.getInt32("contract_end_date");
        return new UserProfile(userId, row.getString("region"), row.getString("current_plan_id"),
                endDays == null ? null : LocalDate.ofEpochDay(endDays), preferences, instant(row, "updated_at"));
    }

    private static UsageReading reading(Struct row) {
        return new UsageReading(row.getString("user_id"), LocalDate.ofEpochDay(row.getInt32("usage_date")),
                decimal(row, "kwh"), decimal(row, "peak_kwh"));
    }

    private static ChangeOp op(Struct envelope) {
        String code = envelope.getString("op");
        for (ChangeOp op : ChangeOp.values()) {
            if (op.code().equals(code)) {
                return op;
            }
        }
        throw new InvalidRowException("unknown operation '" + code + "'");
    }

    static SourcePosition position(Struct source) {
        Long lsn = source.getInt64("lsn");
        Long txId = source.getInt64("txId");
        Long micros = source.schema().field("ts_us") != null ? source.getInt64("ts_us") : null;
        Instant commitTs = micros != null
                ? Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)
                : Instant.ofEpochMilli(source.getInt64("ts_ms"));
        String snapshot = source.getString("snapshot");
        return new SourcePosition(lsn == null ? 0L : lsn, txId, commitTs, snapshot != null && !"false".equals(snapshot));
    }

    private static <T> T valid(ValidationResult<T> result, String id) {
        if (!result.isValid()) {
            throw new InvalidRowException(id + ": " + describe(result.errors()));
        }
        return result.value();
    }

    private static String describe(List<FieldError> errors) {
        return String.join("; ", errors.stream().map(e -> e.field() + " " + e.reason()).toList());
    }

    private static JsonNode json(Struct row, String column) {
        String text = row.getString(column);
        try {
            return Json.mapper().readTree(text == null ? "null" : text);
        } catch (JacksonException e) {
            throw new InvalidRowException(column + " is not JSON: " + e.getOriginalMessage());
        }
    }

    private static List<String> regions(Struct row) {
        List<?> values = row.getArray("available_regions");
        return values.stream().map(v -> (String) v).toList();
    }

    private static BigDecimal decimal(Struct row, String column) {
        Object value = row.get(column);
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d;
        }
        return new BigDecimal(value.toString());
    }

    private static Instant instant(Struct row, String column) {
        String text = row.getString(column);
        return text == null ? null : Instant.parse(text);
    }

    private static <T> T optional(Struct row, Function<Struct, T> mapping) {
        return row == null ? null : mapping.apply(row);
    }

    /**
     * The old image of a row, or null when it breaks the contract: a row stored by direct SQL before a fix must not
     * block its own repair or delete. Only the new image decides whether a change is publishable.
     */
    private static <T> T lenient(Struct row, Function<Struct, T> mapping) {
        try {
            return optional(row, mapping);
        } catch (InvalidRowException e) {
            return null;
        }
    }

    /** The row's id, from the new image, else the old one (present for deletes under replica identity full). */
    private static String id(Struct envelope, String column) {
        Struct row = envelope.getStruct("after") != null ? envelope.getStruct("after") : envelope.getStruct("before");
        if (row == null || row.getString(column) == null) {
            throw new InvalidRowException(column + " is missing from the change");
        }
        return row.getString(column);
    }

    /** A row that breaks the contract; the message names the field. */
    static final class InvalidRowException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidRowException(String message) {
            super(message);
        }
    }
}
