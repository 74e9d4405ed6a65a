package io.treebeard.schemas.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CommitTimeHeaderTest {

    @Test
    void theValueIsAnEightByteBigEndianLong() {
        long commitMs = 1_796_000_123_456L;
        assertThat(CommitTimeHeader.encode(commitMs)).isEqualTo(ByteBuffer.allocate(8).putLong(commitMs).array());
        assertThat(CommitTimeHeader.decode(ByteBuffer.allocate(8).putLong(commitMs).array())).isEqualTo(commitMs);
    }

    @Test
    void roundTripsThroughHeadersAndAWriteReplacesTheEarlierValue() {
        RecordHeaders headers = new RecordHeaders();
        CommitTimeHeader.write(headers, 5L);
        CommitTimeHeader.write(headers, 1_700_000_000_000L);
        assertThat(headers.headers(CommitTimeHeader.KEY)).hasSize(1);
        assertThat(CommitTimeHeader.read(headers)).isEqualTo(1_700_000_000_000L);
        assertThat(headers.lastHeader("treebeard-commit-ms")).isNotNull();
    }

    @Test
    void aMissingOrMalformedHeaderIsNoneNotAnError() {
        assertThat(CommitTimeHeader.read(new RecordHeaders())).isEqualTo(CommitTimeHeader.NONE);
        assertThat(CommitTimeHeader.read(null)).isEqualTo(CommitTimeHeader.NONE);
        RecordHeaders shortValue = new RecordHeaders();
        shortValue.add(CommitTimeHeader.KEY, new byte[] {1, 2, 3});
        assertThat(CommitTimeHeader.read(shortValue)).isEqualTo(CommitTimeHeader.NONE);
        assertThat(CommitTimeHeader.present(CommitTimeHeader.NONE)).isFalse();
        assertThat(CommitTimeHeader.present(0L)).isTrue();
    }

    @Test
    void earliestIgnoresNone() {
        assertThat(CommitTimeHeader.earliest(10L, 7L)).isEqualTo(7L);
        assertThat(CommitTimeHeader.earliest(CommitTimeHeader.NONE, 7L)).isEqualTo(7L);
        assertThat(CommitTimeHeader.earliest(10L, CommitTimeHeader.NONE)).isEqualTo(10L);
        assertThat(CommitTimeHeader.earliest(CommitTimeHeader.NONE, CommitTimeHeader.NONE)).isEqualTo(CommitTimeHeader.NONE);
    }

    @Test
    void freshnessIsNeverNegative() {
        assertThat(CommitTimeHeader.millisSince(1_000L, 1_250L)).isEqualTo(250L);
        assertThat(CommitTimeHeader.millisSince(1_300L, 1_250L)).isZero();
        assertThat(CommitTimeHeader.millisSince(CommitTimeHeader.NONE, 1_250L)).isEqualTo(CommitTimeHeader.NONE);
    }
}
