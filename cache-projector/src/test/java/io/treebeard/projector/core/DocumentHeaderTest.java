package io.treebeard.projector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treebeard.projector.Fixtures;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DocumentHeaderTest {

    @Test
    void readsIdAndVersionOfTopicBytesWhichAreAlreadyTheValueTheLivePathWrites() {
        RecommendationDocument doc = Fixtures.doc("u-7", 42);
        byte[] topicBytes = Topics.RECOMMENDATIONS.valueSerde().serializer().serialize(Topics.RECOMMENDATIONS.name(), doc);

        assertThat(DocumentHeader.read(topicBytes)).isEqualTo(new DocumentHeader("u-7", 42, doc.generatedAt()));
        byte[] live = new Projection(Duration.ofHours(1)).recommendation("u-7", Json.mapper().readValue(topicBytes,
                RecommendationDocument.class)).redis().get(0).data();
        assertThat(live).isEqualTo(topicBytes);
        byte[] usage = Topics.USAGE_ANALYSIS.valueSerde().serializer().serialize(null, Fixtures.usage("u-7", 3));
        assertThat(DocumentHeader.read(usage)).isEqualTo(new DocumentHeader("u-7", 3, null));
    }

    @Test
    void skipsNestedObjectsThatHaveTheirOwnVersionFields() {
        String json = "{\"meta\":{\"version\":99,\"user_id\":\"x\"},\"list\":[{\"version\":1}],\"version\":5,\"user_id\":\"u\"}";
        assertThat(DocumentHeader.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(new DocumentHeader("u", 5, null));
    }

    @Test
    void bytesWithoutAnIdOrVersionArePoison() {
        assertThatThrownBy(() -> DocumentHeader.read("{\"user_id\":\"u\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PoisonRecordException.class);
        assertThatThrownBy(() -> DocumentHeader.read("[1]".getBytes(StandardCharsets.UTF_8))).isInstanceOf(PoisonRecordException.class);
        assertThatThrownBy(() -> DocumentHeader.read("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PoisonRecordException.class);
        assertThatThrownBy(() -> DocumentHeader.read("{\"user_id\":\"u\",\"version\":1,\"generated_at\":\"soon\"}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(PoisonRecordException.class).hasMessageContaining("generated_at");
    }
}
