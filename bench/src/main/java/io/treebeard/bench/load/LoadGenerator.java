package io.treebeard.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A load generator over {@link Wire} connections, one thread per connection.
 *
 * <ul>
 *   <li>{@link #capacity}: closed loop, every connection sends its next request as soon as the previous answered; the
 *   throughput is the capacity, the latency is service time under saturation.</li>
 *   <li>{@link #fixedRate}: open loop in the manner of wrk2: the requests have intended start times spread evenly over
 *   the connections at the total rate, and each latency is measured from the intended start, so a stall is charged to
 *   every request it delayed (coordinated omission corrected).</li>
 * </ul>
 * A warm-up period runs first and is not recorded.
 */
public final class LoadGenerator {

    private static final long MAX_LATENCY_US = Duration.ofMinutes(2).toNanos() / 1000;

    private final Wire.Factory factory;
    private final int connections;

    /** A generator opening {@code connections} connections from {@code factory}. */
    public LoadGenerator(Wire.Factory factory, int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1");
        }
        this.factory = factory;
        this.connections = connections;
    }

    /** Closed-loop run: as fast as the system answers. */
    public LoadResult capacity(Duration warmup, Duration measure) throws InterruptedException {
        return run(warmup, measure, 0);
    }

    /** Open-loop run at {@code ratePerSecond} in total, latency from the intended start of each request. */
    public LoadResult fixedRate(double ratePerSecond, Duration warmup, Duration measure) throws InterruptedException {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
        return run(warmup, measure, ratePerSecond);
    }

    private LoadResult run(Duration warmup, Duration measure, double rate) throws InterruptedException {
        Recorder recorder = new Recorder(MAX_LATENCY_US, 3);
        AtomicLong sequence = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            long interval = rate > 0 ? (long) (connections * 1e9 / rate) : 0;
            long first = start + (rate > 0 ? (long) (c * 1e9 / rate) : 0);
            Thread thread = new Thread(() -> drive(first, interval, measureFrom, end, sequence, recorder, errors, completed),
                    "load-" + c);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Histogram histogram = recorder.getIntervalHistogram();
        return new LoadResult(completed.get(), errors.get(), measure.toNanos() / 1e9, histogram);
    }

    private void drive(long first, long interval, long measureFrom, long end, AtomicLong sequence, Recorder recorder,
            AtomicLong errors, AtomicLong completed) {
        Wire wire = null;
        long intended = first;
        try {
            wire = factory.open();
            while (true) {
                long now = System.nanoTime();
                if (interval > 0) {
                    while (now < intended) {
                        LockSupport.parkNanos(intended - now);
                        now = System.nanoTime();
                    }
                } else {
                    intended = now;
                }
                if (intended >= end) {
                    return;
                }
                boolean ok;
                try {
                    ok = wire.exchange(sequence.getAndIncrement());
                } catch (IOException e) {
                    ok = false;
                    wire.close();
                    wire = factory.open();
                }
                long done = System.nanoTime();
                if (intended >= measureFrom) {
                    recorder.recordValue(Math.min(MAX_LATENCY_US, Math.max(1, (done - intended) / 1000)));
                    completed.incrementAndGet();
                    if (!ok) {
                        errors.incrementAndGet();
                    }
                }
                intended += interval;
            }
        } catch (IOException e) {
            throw new IllegalStateException("load connection failed: " + e.getMessage(), e);
        } finally {
            if (wire != null) {
                try {
                    wire.close();
                } catch (IOException ignored) {
                    // closing a connection at the end of a run
                }
            }
        }
    }
}
