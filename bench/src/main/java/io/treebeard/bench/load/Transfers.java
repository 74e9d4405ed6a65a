package io.treebeard.bench.load;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the read API's answers moved: full answers and their body bytes, 304 answers and the body bytes each 304 saved
 * (the size of the body the client already held for that path).
 */
public final class Transfers {

    private final LongAdder full = new LongAdder();
    private final LongAdder notModified = new LongAdder();
    private final LongAdder bodyBytes = new LongAdder();
    private final LongAdder savedBytes = new LongAdder();

    void full(long bytes) {
        full.increment();
        bodyBytes.add(bytes);
    }

    void notModified(long savedBodyBytes) {
        notModified.increment();
        savedBytes.add(savedBodyBytes);
    }

    /** Counts so far: full answers, 304 answers, body bytes received, body bytes the 304s saved. */
    public long[] snapshot() {
        return new long[] {full.sum(), notModified.sum(), bodyBytes.sum(), savedBytes.sum()};
    }
}
