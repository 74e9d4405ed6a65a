package io.treebeard.bench.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;

/**
 * A raw Redis command over one socket (RESP2), one at a time: the same harness as the HTTP load, so the ratio between
 * the API and Redis compares like with like when {@code redis-benchmark} is not installed.
 */
public final class RespWire implements Wire {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final LongFunction<String[]> commands;

    private RespWire(String host, int port, LongFunction<String[]> commands) throws IOException {
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(30_000);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.commands = commands;
    }

    /** A factory of connections to Redis at {@code host:port} sending {@code commands.apply(n)} as command n. */
    public static Wire.Factory to(String host, int port, LongFunction<String[]> commands) {
        return () -> new RespWire(host, port, commands);
    }

    @Override
    public boolean exchange(long n) throws IOException {
        String[] command = commands.apply(n);
        StringBuilder request = new StringBuilder().append('*').append(command.length).append("\r\n");
        for (String part : command) {
            request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
        }
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return reply();
    }

    private boolean reply() throws IOException {
        int type = in.read();
        String line = line();
        switch (type) {
            case '$' -> {
                long length = Long.parseLong(line);
                if (length >= 0) {
                    in.readNBytes((int) length + 2);
                }
                return length >= 0;
            }
            case '*' -> {
                long items = Long.parseLong(line);
                boolean ok = true;
                for (long i = 0; i < items; i++) {
                    ok &= reply();
                }
                return ok;
            }
            case '+', ':' -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(16);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
