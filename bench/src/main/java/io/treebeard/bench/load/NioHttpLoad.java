package io.treebeard.bench.load;

import io.treebeard.demo.Pipeline;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Many keep-alive HTTP/1.1 connections driven by one selector thread, open loop: request k is due at
 * {@code start + k / rate} on connection {@code k mod connections}, whatever the answers do, and its latency runs from
 * that intended time (a request that must wait for its connection's previous answer is charged the wait, so coordinated
 * omission is corrected). One thread for thousands of connections keeps the load JVM's own CPU and scheduling small;
 * the selector wakes at least once a millisecond, so a send can leave up to 1 ms late, which counts against the API.
 */
public final class NioHttpLoad {

    private static final long MAX_LATENCY_US = Duration.ofMinutes(2).toNanos() / 1000;
    /** Connects outstanding at once: a burst of thousands of SYNs would overflow the server's accept backlog. */
    private static final int CONNECTS_IN_FLIGHT = 200;
    /** After the last intended send, answers still in flight are awaited this long, then counted unanswered. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    /**
     * What one run measured.
     *
     * @param opened          connections established
     * @param connectFailures connections that could not be established
     * @param requests        requests intended in the measured window
     * @param errors          of those: non-2xx answers, requests on a broken connection, and unanswered ones
     * @param unanswered      of the errors: requests without an answer at the end of the grace period
     * @param closedByPeer    connections the server closed or reset during the run
     * @param seconds         length of the measured window
     * @param latencyUs       latency of the answered measured requests, microseconds from the intended send time
     * @param peakFds         open file descriptors of this JVM with every connection open
     * @param connectSeconds  time to open every connection
     */
    public record Result(long opened, long connectFailures, long requests, long errors, long unanswered, long closedByPeer,
            double seconds, Histogram latencyUs, long peakFds, double connectSeconds) {
    }

    private final InetSocketAddress address;
    private final String hostHeader;
    private final int connections;
    private final LongFunction<String> paths;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private final Histogram latency = new Histogram(MAX_LATENCY_US, 3);
    private long measureFrom;
    private long requests;
    private long errors;
    private long closedByPeer;

    /** A load of {@code connections} connections to {@code host:port}, request k asking for {@code paths.apply(k)}. */
    public NioHttpLoad(String host, int port, int connections, LongFunction<String> paths) {
        this.address = new InetSocketAddress(host, port);
        this.hostHeader = host + ":" + port;
        this.connections = connections;
        this.paths = paths;
    }

    /** Opens the connections, runs {@code onConnected}, then sends {@code rate} requests/s for warm-up plus measure. */
    public Result run(double rate, Duration warmup, Duration measure, Duration connectTimeout, Runnable onConnected) throws IOException {
        try (Selector selector = Selector.open()) {
            long connectStart = System.nanoTime();
            Conn[] conns = connect(selector, connectTimeout);
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            long opened = Stream.of(conns).filter(c -> !c.dead).count();
            long peakFds = openFds();
            onConnected.run();
            long start = System.nanoTime();
            measureFrom = start + warmup.toNanos();
            long end = measureFrom + measure.toNanos();
            double interval = 1e9 / rate;
            long k = 0;
            while (true) {
                long now = System.nanoTime();
                long next = start + (long) (k * interval);
                while (next <= now && next < end) {
                    dispatch(conns[(int) (k % conns.length)], next, k);
                    k++;
                    next = start + (long) (k * interval);
                }
                if (next >= end && (inFlight(conns) == 0 || now > end + GRACE.toNanos())) {
                    break;
                }
                long waitMs = next < end ? Math.max(1, (next - now) / 1_000_000) : 5;
                selector.select(waitMs);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Conn conn = (Conn) key.attachment();
                    if (key.isValid() && key.isWritable()) {
                        flush(conn);
                    }
                    if (key.isValid() && key.isReadable()) {
                        read(conn, System.nanoTime());
                    }
                }
            }
            long unanswered = 0;
            for (Conn conn : conns) {
                unanswered += conn.measuredOutstanding(measureFrom);
                conn.close();
            }
            requests += unanswered;
            errors += unanswered;
            return new Result(opened, conns.length - opened, requests, errors, unanswered, closedByPeer, measure.toNanos() / 1e9,
                    latency, peakFds, connectSeconds);
        }
    }

    private Conn[] connect(Selector selector, Duration timeout) throws IOException {
        Conn[] conns = new Conn[connections];
        long deadline = System.nanoTime() + timeout.toNanos();
        int started = 0;
        int pending = 0;
        while ((started < connections || pending > 0) && System.nanoTime() < deadline) {
            while (started < connections && pending < CONNECTS_IN_FLIGHT) {
                Conn conn = new Conn();
                conns[started++] = conn;
                try {
                    conn.channel = SocketChannel.open();
                    conn.channel.configureBlocking(false);
                    conn.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    if (conn.channel.connect(address)) {
                        conn.key = conn.channel.register(selector, SelectionKey.OP_READ, conn);
                    } else {
                        conn.key = conn.channel.register(selector, SelectionKey.OP_CONNECT, conn);
                        pending++;
                    }
                } catch (IOException e) {
                    conn.fail();
                }
            }
            selector.select(10);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                Conn conn = (Conn) key.attachment();
                if (key.isValid() && key.isConnectable()) {
                    pending--;
                    try {
                        conn.channel.finishConnect();
                        key.interestOps(SelectionKey.OP_READ);
                    } catch (IOException e) {
                        conn.fail();
                    }
                }
            }
        }
        for (int i = 0; i < connections; i++) {
            if (conns[i] == null) {
                conns[i] = new Conn();
                conns[i].dead = true;
            } else if (conns[i].key != null && conns[i].key.isValid() && (conns[i].key.interestOps() & SelectionKey.OP_CONNECT) != 0) {
                conns[i].fail(); // not connected within the timeout
            }
        }
        return conns;
    }

    private void dispatch(Conn conn, long intended, long n) {
        if (conn.dead) {
            if (intended >= measureFrom) {
                requests++;
                errors++;
            }
            return;
        }
        if (conn.inFlight < 0) {
            send(conn, intended, n);
        } else {
            conn.queue.add(new long[] {intended, n});
        }
    }

    private void send(Conn conn, long intended, long n) {
        conn.inFlight = intended;
        conn.out = ByteBuffer.wrap(("GET " + paths.apply(n) + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nAuthorization: " + Pipeline.DEV_AUTHORIZATION + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        flush(conn);
    }

    private void flush(Conn conn) {
        try {
            conn.channel.write(conn.out);
            conn.key.interestOps(conn.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        } catch (IOException e) {
            broken(conn);
        }
    }

    private void read(Conn conn, long now) {
        try {
            while (true) {
                readBuffer.clear();
                int read = conn.channel.read(readBuffer);
                if (read < 0) {
                    broken(conn);
                    return;
                }
                if (read == 0) {
                    return;
                }
                readBuffer.flip();
                while (readBuffer.hasRemaining()) {
                    int status = conn.parse(readBuffer);
                    if (status > 0) {
                        answered(conn, status, now);
                    }
                }
            }
        } catch (IOException e) {
            broken(conn);
        }
    }

    private void answered(Conn conn, int status, long now) {
        if (conn.inFlight >= measureFrom) {
            requests++;
            latency.recordValue(Math.min(MAX_LATENCY_US, Math.max(1, (now - conn.inFlight) / 1000)));
            if (status < 200 || status >= 300) {
                errors++;
            }
        }
        conn.inFlight = -1;
        long[] next = conn.queue.poll();
        if (next != null) {
            send(conn, next[0], next[1]);
        }
    }

    private void broken(Conn conn) {
        closedByPeer++;
        long lost = conn.measuredOutstanding(measureFrom);
        requests += lost;
        errors += lost;
        conn.inFlight = -1;
        conn.queue.clear();
        conn.fail();
    }

    private static long inFlight(Conn[] conns) {
        long n = 0;
        for (Conn conn : conns) {
            if (!conn.dead && conn.inFlight >= 0) {
                n++;
            }
        }
        return n;
    }

    private static long openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** One connection: its channel, the request in flight, the requests waiting for it, and the answer being parsed. */
    private static final class Conn {
        private static final byte[] CHUNKED_END = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        SocketChannel channel;
        SelectionKey key;
        boolean dead;
        long inFlight = -1;
        ByteBuffer out;
        final ArrayDeque<long[]> queue = new ArrayDeque<>(2);
        private final byte[] head = new byte[8192];
        private int headLength;
        private long bodyLeft = -1;
        private boolean chunked;
        private int match;
        private int status;

        /** Consumes bytes of the answer; returns its status once it is complete, else 0. */
        int parse(ByteBuffer in) {
            if (bodyLeft < 0 && !chunked) {
                while (in.hasRemaining()) {
                    byte b = in.get();
                    if (headLength < head.length) {
                        head[headLength++] = b;
                    }
                    if (headLength >= 4 && head[headLength - 1] == '\n' && head[headLength - 2] == '\r' && head[headLength - 3] == '\n'
                            && head[headLength - 4] == '\r') {
                        String text = new String(head, 0, headLength, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
                        headLength = 0;
                        status = Integer.parseInt(text.substring(9, 12));
                        int at = text.indexOf("\ncontent-length:");
                        if (at >= 0) {
                            bodyLeft = Long.parseLong(text.substring(at + 16, text.indexOf('\r', at)).trim());
                        } else if (text.contains("\ntransfer-encoding: chunked")) {
                            chunked = true;
                            match = 2; // the head's last CRLF starts the end marker of an empty body
                        } else {
                            bodyLeft = 0;
                        }
                        break;
                    }
                }
            }
            if (bodyLeft >= 0) {
                int skip = (int) Math.min(bodyLeft, in.remaining());
                in.position(in.position() + skip);
                bodyLeft -= skip;
                if (bodyLeft == 0) {
                    bodyLeft = -1;
                    return status;
                }
                return 0;
            }
            while (chunked && in.hasRemaining()) {
                byte b = in.get();
                match = b == CHUNKED_END[match] ? match + 1 : b == '\r' ? 1 : 0;
                if (match == CHUNKED_END.length) {
                    chunked = false;
                    match = 0;
                    return status;
                }
            }
            return 0;
        }

        long measuredOutstanding(long measureFrom) {
            long n = inFlight >= measureFrom ? 1 : 0;
            for (long[] waiting : queue) {
                if (waiting[0] >= measureFrom) {
                    n++;
                }
            }
            return n;
        }

        void fail() {
            dead = true;
            close();
        }

        void close() {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // closing at the end of the run or after a failure
            }
        }
    }
}
