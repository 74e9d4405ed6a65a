package io.treebeard.recommender.topology;

import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.RecommendationDocument.CurrentPlan;
import io.treebeard.schemas.event.RecommendationDocument.Recommendation;
import io.treebeard.schemas.json.Json;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;

/**
 * Writes a recommendation document as the same JSON bytes as {@link Json#mapper()} (the serde of
 * {@code treebeard.recommendations}), field by field through the mapper's own streaming generator, so numbers,
 * dates and string escapes are formatted exactly as the mapper does. Why: binding the record through the mapper was
 * about 40% of a stream thread's CPU during a plan-change fan-out, which writes one document per user; the field
 * order and names below are those of the record components in snake_case (a test compares the bytes).
 */
final class DocumentJson implements Serializer<RecommendationDocument> {

    @Override
    public byte[] serialize(String topic, RecommendationDocument doc) {
        if (doc == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(2_560);
        try (JsonGenerator g = Json.mapper().createGenerator(out)) {
            write(g, doc);
        } catch (JacksonException e) {
            throw new SerializationException("Cannot serialise RecommendationDocument: " + e.getOriginalMessage(), e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, RecommendationDocument doc) {
        g.writeStartObject();
        g.writeStringProperty("user_id", doc.userId());
        g.writeNumberProperty("version", doc.version());
        g.writeName("generated_at");
        if (doc.generatedAt() == null) {
            g.writeNull();
        } else {
            g.writeString(doc.generatedAt().toString());
        }
        g.writeName("as_of");
        if (doc.asOf() == null) {
            g.writeNull();
        } else {
            g.writeString(doc.asOf().toString());
        }
        g.writeName("status");
        if (doc.status() == null) {
            g.writeNull();
        } else {
            g.writeString(doc.status().name());
        }
        g.writeStringProperty("region", doc.region());
        g.writeNumberProperty("confidence", doc.confidence());
        g.writeNumberProperty("annual_kwh", doc.annualKwh());
        g.writeNumberProperty("months_with_data", doc.monthsWithData());
        g.writeName("current_plan");
        CurrentPlan current = doc.currentPlan();
        if (current == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeStringProperty("plan_id", current.planId());
            decimal(g, "annual_cost", current.annualCost());
            g.writeEndObject();
        }
        g.writeName("recommendations");
        g.writeStartArray();
        for (Recommendation r : doc.recommendations()) {
            write(g, r);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, Recommendation r) {
        g.writeStartObject();
        g.writeNumberProperty("rank", r.rank());
        g.writeStringProperty("plan_id", r.planId());
        g.writeStringProperty("provider", r.provider());
        g.writeStringProperty("name", r.name());
        decimal(g, "annual_cost", r.annualCost());
        g.writeName("monthly_costs");
        g.writeStartArray();
        for (BigDecimal m : r.monthlyCosts()) {
            if (m == null) {
                g.writeNull();
            } else {
                g.writeNumber(m);
            }
        }
        g.writeEndArray();
        decimal(g, "savings", r.savings());
        decimal(g, "switching_cost", r.switchingCost());
        decimal(g, "net_first_year_savings", r.netFirstYearSavings());
        decimal(g, "renewable_percentage", r.renewablePercentage());
        g.writeNumberProperty("contract_months", r.contractMonths());
        g.writeName("reasons");
        strings(g, r.reasons());
        g.writeEndObject();
    }

    private static void decimal(JsonGenerator g, String name, BigDecimal value) {
        g.writeName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeNumber(value);
        }
    }

    private static void strings(JsonGenerator g, List<String> values) {
        g.writeStartArray();
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
