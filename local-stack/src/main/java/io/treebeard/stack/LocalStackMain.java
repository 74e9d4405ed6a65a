package io.treebeard.stack;

import java.util.concurrent.CountDownLatch;

/**
 * Starts the local stack from the command line and keeps it running until Ctrl-C, printing where each server answers.
 * The shutdown hook stops the servers and deletes their state, so nothing is left behind.
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    /** Runs the stack until the JVM is asked to stop. */
    public static void main(String[] args) throws InterruptedException {
        // Quiet, human-readable logs for the console; set before the first logger is created.
        System.setProperty("logback.configurationFile",
                System.getProperty("logback.configurationFile", "treebeard-stack-logback.xml"));
        LocalStack stack = LocalStack.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        System.out.printf("%nTreeBeard local stack is up (Ctrl-C stops it and deletes its state):%n"
                        + "  Kafka      %s%n  PostgreSQL %s (user postgres, migrated)%n  Redis      %s%n%n",
                stack.kafka().bootstrapServers(), stack.postgres().jdbcUrl(LocalStack.DATABASE), stack.redis().uri());
        stopped.await();
    }
}
