package io.treebeard.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds a TCP port on localhost that is free right now. */
final class FreePorts {

    private FreePorts() {
    }

    static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackException("No free port on localhost", e);
        }
    }
}
