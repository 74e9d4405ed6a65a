package io.treebeard.bench.load;

import java.io.IOException;

/**
 * One request/response exchange on one open connection (HTTP/1.1 keep-alive or RESP), kept minimal so the load
 * generator spends as little CPU as possible next to the system under test on the same cores.
 */
public interface Wire extends AutoCloseable {

    /**
     * Sends request number {@code n} and reads its whole response.
     *
     * @return true when the response is a success (HTTP 2xx, a RESP bulk string), false for an error answer
     */
    boolean exchange(long n) throws IOException;

    @Override
    void close() throws IOException;

    /** Opens one connection. */
    @FunctionalInterface
    interface Factory {
        Wire open() throws IOException;
    }
}
