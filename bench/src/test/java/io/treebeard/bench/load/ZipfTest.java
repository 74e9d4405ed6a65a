package io.treebeard.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfTest {

    @Test
    void ranksFollowThePowerLaw() {
        Zipf zipf = new Zipf(100_000, 1.1);
        SplittableRandom random = new SplittableRandom(1);
        int[] counts = new int[3];
        int draws = 1_000_000;
        for (int i = 0; i < draws; i++) {
            int rank = zipf.next(random);
            assertThat(rank).isBetween(0, 99_999);
            if (rank < 3) {
                counts[rank]++;
            }
        }
        assertThat(counts[0] / (double) draws).isCloseTo(zipf.probability(0), within(0.005));
        // p(1)/p(2) = 2^1.1
        assertThat(zipf.probability(0) / zipf.probability(1)).isCloseTo(Math.pow(2, 1.1), within(1e-9));
        assertThat(counts[0]).isGreaterThan(counts[1]).isGreaterThan(0);
    }
}
