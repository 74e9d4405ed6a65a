package io.treebeard.projector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treebeard.projector.Fixtures;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProjectionTest {

    private final Projection projection = new Projection(Duration.ofHours(24));

    @Test
    void aDocumentIsWrittenUnderItsVersionAsTheSharedMappersBytesAndUpsertedWithExpiry() {
        RecommendationDocument doc = Fixtures.doc("u-1", 17);
        Projected p = projection.recommendation("u-1", doc);

        assertThat(p.redis()).singleElement().satisfies(w -> {
            assertThat(w.op()).isEqualTo(RedisWrite.Op.SET);
            assertThat(w.type()).isEqualTo(KeyType.RECOMMENDATION);
            assertThat(w.key()).isEqualTo(CacheKeys.recommendation("u-1"));
            assertThat(w.version()).isEqualTo(17);
            assertThat(w.data()).isEqualTo(Json.mapper().writeValueAsBytes(doc));
        });
        assertThat(p.row().version()).isEqualTo(17);
        assertThat(p.row().expiresAt()).isEqualTo(doc.generatedAt().plus(Duration.ofHours(24)));
        assertThat(p.sourceTime()).isEqualTo(doc.generatedAt());
    }

    @Test
    void theBytesPathGivesTheSameWritesAsTheParsedPathWithoutReserialising() throws Exception {
        RecommendationDocument doc = Fixtures.doc("u-1", 17);
        byte[] topicBytes = Topics.RECOMMENDATIONS.valueSerde().serializer().serialize(Topics.RECOMMENDATIONS.name(), doc);

        Projected parsed = projection.recommendation("u-1", doc);
        Projected fromBytes = projection.recommendationBytes("u-1", topicBytes);

        assertThat(fromBytes.redis().get(0).data()).isSameAs(topicBytes).isEqualTo(parsed.redis().get(0).data());
        assertThat(fromBytes.redis().get(0).key()).isEqualTo(parsed.redis().get(0).key());
        assertThat(fromBytes.redis().get(0).version()).isEqualTo(17);
        assertThat(fromBytes.row().expiresAt()).isEqualTo(parsed.row().expiresAt());
        assertThat(fromBytes.sourceTime()).isEqualTo(parsed.sourceTime());
        assertThatThrownBy(() -> projection.recommendationBytes("u-2", topicBytes)).isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("user_id");
        assertThat(projection.recommendationBytes("u-1", null).row().isDelete()).isTrue();

        Instant recordTime = Instant.parse("2026-01-01T00:00:00Z");
        byte[] usage = Topics.USAGE_ANALYSIS.valueSerde().serializer().serialize(null, Fixtures.usage("u-3", 9));
        Projected analysis = projection.usageAnalysisBytes("u-3", usage, recordTime);
        assertThat(analysis.redis().get(0).data()).isEqualTo(projection.usageAnalysis("u-3", Fixtures.usage("u-3", 9), recordTime)
                .redis().get(0).data());
        assertThat(analysis.redis().get(0).version()).isEqualTo(9);
    }

    @Test
    void theDocumentJsonKeepsNullFieldsAndSnakeCaseNames() {
        String json = new String(projection.recommendation("u-1", Fixtures.doc("u-1", 1)).redis().get(0).data(),
                StandardCharsets.UTF_8);
        assertThat(json).contains("\"current_plan\":null", "\"generated_at\":\"", "\"months_with_data\":12", "\"savings\":null");
    }

    @Test
    void aRecommendationTombstoneDeletesTheKeyAndTheRow() {
        Projected p = projection.recommendation("u-1", null);
        assertThat(p.redis()).singleElement().satisfies(w -> assertThat(w.op()).isEqualTo(RedisWrite.Op.DELETE));
        assertThat(p.row().isDelete()).isTrue();
    }

    @Test
    void aProfileIsVersionedByItsSourceLsnAndItsDeleteIsVersionGuarded() {
        Projected upsert = projection.profile("u-2", Fixtures.profile("u-2", 42, "TX"));
        assertThat(upsert.redis().get(0).version()).isEqualTo(42);
        assertThat(new String(upsert.redis().get(0).data(), StandardCharsets.UTF_8))
                .contains("\"user_id\":\"u-2\"", "\"region\":\"TX\"", "\"current_plan_id\":null", "\"contract_end_date\":null",
                        "\"preferences\":", "\"updated_at\":");
        assertThat(upsert.row()).isNull();

        Projected delete = projection.profile("u-2", Fixtures.profileDelete("u-2", 43));
        assertThat(delete.redis()).singleElement().satisfies(w -> {
            assertThat(w.op()).isEqualTo(RedisWrite.Op.DELETE_VERSIONED);
            assertThat(w.version()).isEqualTo(43);
        });
        assertThat(projection.profile("u-2", null).redis().get(0).op()).isEqualTo(RedisWrite.Op.DELETE);
    }

    @Test
    void aUsageAnalysisIsVersionedByItsOwnVersionAndAgedByTheRecordTime() {
        Instant recordTime = Instant.parse("2026-11-25T10:00:00Z");
        Projected p = projection.usageAnalysis("u-3", Fixtures.usage("u-3", 9), recordTime);
        assertThat(p.redis().get(0).version()).isEqualTo(9);
        assertThat(p.redis().get(0).key()).isEqualTo(CacheKeys.usageAnalysis("u-3"));
        assertThat(p.sourceTime()).isEqualTo(recordTime);
    }

    @Test
    void recordsThatCanNeverBeProjectedArePoison() {
        assertThatThrownBy(() -> projection.recommendation("u-1", Fixtures.doc("u-other", 1)))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("user_id");
        assertThatThrownBy(() -> projection.recommendation("bad key!", Fixtures.doc("bad key!", 1)))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> projection.recommendation(null, null)).isInstanceOf(PoisonRecordException.class);
        ProfileChange noSource = new ProfileChange(Fixtures.profile("u-2", 1, "TX").op(), "u-2", null,
                Fixtures.profile("u-2", 1, "TX").after(), null);
        assertThatThrownBy(() -> projection.profile("u-2", noSource)).isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("source");
    }
}
