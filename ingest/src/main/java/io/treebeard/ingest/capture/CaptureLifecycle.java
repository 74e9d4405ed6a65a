package io.treebeard.ingest.capture;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link ChangeCapture} with the application: started after the web server is up, stopped before the connection
 * pools close. Health is DOWN whenever the engine is not streaming.
 */
public final class CaptureLifecycle implements SmartLifecycle, HealthIndicator {

    private final ChangeCapture capture;
    private volatile boolean running;

    /** A lifecycle around {@code capture}. */
    public CaptureLifecycle(ChangeCapture capture) {
        this.capture = capture;
    }

    @Override
    public void start() {
        capture.start();
        running = true;
    }

    @Override
    public void stop() {
        capture.close();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public Health health() {
        ChangeCapture.State state = capture.state();
        Health.Builder health = state == ChangeCapture.State.RUNNING ? Health.up() : Health.down();
        health.withDetail("state", state.name());
        if (capture.lastError() != null) {
            health.withDetail("lastError", capture.lastError());
        }
        return health.build();
    }
}
