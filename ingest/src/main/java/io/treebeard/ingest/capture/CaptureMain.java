package io.treebeard.ingest.capture;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.treebeard.ingest.metrics.IngestMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the change capture alone, without the write API or Spring: for operators who want capture in its own process
 * (one replication slot has one reader) and for the crash test, which kills this process mid-stream.
 *
 * <p>Arguments: {@code host port database user password slot publication bootstrapServers offsetTopic topicPrefix
 * partitions}.
 */
public final class CaptureMain {

    private CaptureMain() {
    }

    /** Captures until the process is stopped; a graceful stop commits processed offsets. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 11) {
            throw new IllegalArgumentException("usage: CaptureMain host port database user password slot publication"
                    + " bootstrapServers offsetTopic topicPrefix partitions");
        }
        CaptureSettings settings = new CaptureSettings(args[0], Integer.parseInt(args[1]), args[2], args[3], args[4], args[5],
                args[6], args[7], args[8], args[9], Duration.ofSeconds(10), Duration.ofMillis(500), Integer.parseInt(args[10]),
                (short) 1);
        IngestMetrics metrics = new IngestMetrics(Clock.systemUTC());
        metrics.bindTo(new SimpleMeterRegistry());
        ChangeCapture capture = new ChangeCapture(settings, new ChangeMapper(Clock.systemUTC()), metrics);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            capture.close();
            stopped.countDown();
        }, "capture-shutdown"));
        capture.start();
        stopped.await();
    }
}
