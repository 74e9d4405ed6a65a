package io.treebeard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisTargetTest {

    @Test
    void aHashWithoutDataIsADeleteMarkerAndReadsAsAbsent() {
        Served served = RedisTarget.served(Map.of("v", "7"));
        assertThat(served.present()).isFalse();
        assertThat(served.error()).isNull();
        assertThat(served.detail()).isEqualTo("delete marker v=7");
    }

    @Test
    void noKeyReadsAsAbsent() {
        assertThat(RedisTarget.served(Map.of()).present()).isFalse();
    }

    @Test
    void theDataFieldIsTheDocumentAndOtherFieldsAreNotContent() {
        Served served = RedisTarget.served(Map.of("v", "9", "p", "[3,4]", "d", "{\"region\": \"R\", \"version\": 9, \"plans\": []}"));
        assertThat(served.present()).isTrue();
        assertThat(DocumentComparison.compare(DocumentComparison.parse("{\"region\": \"R\", \"version\": 0, \"plans\": []}"),
                served.document())).isEmpty();
    }

    @Test
    void dataThatIsNotJsonIsAnError() {
        assertThat(RedisTarget.served(Map.of("v", "1", "d", "{not json")).error()).startsWith("d is not JSON");
    }
}
