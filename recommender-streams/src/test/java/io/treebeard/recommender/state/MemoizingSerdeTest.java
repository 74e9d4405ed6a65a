package io.treebeard.recommender.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class MemoizingSerdeTest {

    private final AtomicInteger parses = new AtomicInteger();
    private final Serde<String> counting = Serdes.serdeFrom(Serdes.String().serializer(), (topic, data) -> {
        parses.incrementAndGet();
        return data == null ? null : new String(data, StandardCharsets.UTF_8);
    });

    @Test
    void equalBytesAreParsedOnceAndChangedBytesAgain() {
        MemoizingSerde<String> serde = new MemoizingSerde<>(counting);
        Deserializer<String> d = serde.deserializer();

        String first = d.deserialize("t", bytes("plan v1"));
        String again = d.deserialize("t", bytes("plan v1"));
        String changed = d.deserialize("t", bytes("plan v2"));

        assertThat(first).isEqualTo("plan v1").isSameAs(again);
        assertThat(changed).isEqualTo("plan v2");
        assertThat(parses).hasValue(2);
    }

    @Test
    void theRememberedInputIsACopyThatTheCallerCannotChange() {
        MemoizingSerde<String> serde = new MemoizingSerde<>(counting);
        byte[] input = bytes("abc");
        serde.deserializer().deserialize("t", input);
        input[0] = 'x';

        assertThat(serde.deserializer().deserialize("t", bytes("abc"))).isEqualTo("abc");
        assertThat(serde.deserializer().deserialize("t", input)).isEqualTo("xbc");
    }

    @Test
    void memoryIsBoundedAndNullIsNotRemembered() {
        MemoizingSerde<String> serde = new MemoizingSerde<>(counting);
        Deserializer<String> d = serde.deserializer();
        for (int i = 0; i < MemoizingSerde.MAX_ENTRIES * 3; i++) {
            d.deserialize("t", bytes("v" + i));
        }
        assertThat(serde.remembered()).isLessThanOrEqualTo(MemoizingSerde.MAX_ENTRIES);
        assertThat(d.deserialize("t", null)).isNull();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
