package io.treebeard.projector.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowWriteTest {

    private static RowWrite upsert(String user, long version) {
        return new RowWrite(user, version, Instant.EPOCH, Instant.EPOCH, new byte[] {'{', '}'});
    }

    @Test
    void collapsingKeepsTheHighestVersionEvenWhenAnOlderReplayComesLast() {
        List<RowWrite> collapsed = RowWrite.collapse(List.of(upsert("u", 6), upsert("v", 1), upsert("u", 5)));
        assertThat(collapsed).extracting(RowWrite::userId, RowWrite::version).containsExactly(
                org.assertj.core.groups.Tuple.tuple("u", 6L), org.assertj.core.groups.Tuple.tuple("v", 1L));
    }

    @Test
    void collapsingHonoursTheOrderOfDeletesAndUpserts() {
        assertThat(RowWrite.collapse(List.of(upsert("u", 6), RowWrite.delete("u")))).singleElement()
                .satisfies(w -> assertThat(w.isDelete()).isTrue());
        assertThat(RowWrite.collapse(List.of(upsert("u", 6), RowWrite.delete("u"), upsert("u", 3)))).singleElement()
                .satisfies(w -> assertThat(w.version()).isEqualTo(3));
    }
}
