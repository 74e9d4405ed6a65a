package io.treebeard.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SlotGuardTest {

    private static final long STORED = Lsns.parse("0/1A2B3C4D");

    private final SlotGuard guard = new SlotGuard(new CaptureSettings("localhost", 5432, "db", "cdc", "", "slot_x", "pub",
            "localhost:9092", "offsets", "tb", Duration.ofSeconds(10), Duration.ofSeconds(1), 3, (short) 1), null,
            Clock.fixed(Instant.parse("2026-12-03T08:00:00Z"), ZoneOffset.UTC));

    @Test
    void aSlotAtOrBehindTheStoredOffsetServesIt() {
        assertThat(guard.judge(STORED, new SlotGuard.SlotState(STORED, STORED - 100, false))).isNull();
        assertThat(guard.judge(STORED, new SlotGuard.SlotState(STORED - 1, STORED - 5000, true))).isNull();
        assertThat(guard.judge(STORED, new SlotGuard.SlotState(null, null, false))).isNull();
    }

    @Test
    void aMissingSlotWithAStoredOffsetIsAGap() {
        CaptureGap gap = guard.judge(STORED, null);

        assertThat(gap.cause()).isEqualTo(CaptureGap.Cause.SLOT_MISSING);
        assertThat(gap.slotLost()).isTrue();
        assertThat(gap.storedLsn()).isEqualTo(STORED);
        assertThat(gap.describe()).contains("slot_x").contains("0/1A2B3C4D");
    }

    @Test
    void aSlotWhoseConfirmedFlushOrRestartLsnIsAfterTheStoredOffsetIsAGap() {
        assertThat(guard.judge(STORED, new SlotGuard.SlotState(STORED + 1, STORED - 10, false)).cause())
                .isEqualTo(CaptureGap.Cause.SLOT_AHEAD_OF_OFFSET);
        assertThat(guard.judge(STORED, new SlotGuard.SlotState(null, STORED + 1, false)).cause())
                .isEqualTo(CaptureGap.Cause.SLOT_AHEAD_OF_OFFSET);
    }

    @Test
    void aSlotWhoseWalWasRemovedIsAGap() {
        CaptureGap gap = guard.judge(STORED, new SlotGuard.SlotState(STORED, null, false, true));

        assertThat(gap.cause()).isEqualTo(CaptureGap.Cause.SLOT_INVALIDATED);
        assertThat(gap.slotLost()).isTrue();
    }

    @Test
    void noStoredOffsetMeansASnapshotButNotALostSlot() {
        CaptureGap gap = guard.judge(null, new SlotGuard.SlotState(STORED, STORED, false));

        assertThat(gap.cause()).isEqualTo(CaptureGap.Cause.NO_STORED_OFFSET);
        assertThat(gap.slotLost()).isFalse();
    }

    @Test
    void lsnsRoundTripThroughPostgresNotation() {
        assertThat(Lsns.parse("16/B374D848")).isEqualTo(0x16B374D848L);
        assertThat(Lsns.format(0x16B374D848L)).isEqualTo("16/B374D848");
        assertThat(Lsns.format(null)).isEqualTo("none");
    }
}
