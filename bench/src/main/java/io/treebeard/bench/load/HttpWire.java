package io.treebeard.bench.load;

import io.treebeard.demo.Pipeline;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;

/** HTTP/1.1 GET over one keep-alive socket; reads the status line, headers and a Content-Length body. */
public final class HttpWire implements Wire {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;
    private final LongFunction<String> paths;
    private final CacheStatusCounter statuses;

    private HttpWire(String host, int port, LongFunction<String> paths, CacheStatusCounter statuses) throws IOException {
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(30_000);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.host = host + ":" + port;
        this.paths = paths;
        this.statuses = statuses;
    }

    /** A factory of connections to {@code host:port} requesting {@code paths.apply(n)} as request n. */
    public static Wire.Factory to(String host, int port, LongFunction<String> paths) {
        return () -> new HttpWire(host, port, paths, null);
    }

    /** As {@link #to(String, int, LongFunction)}, counting the {@code X-Cache-Status} of every answer. */
    public static Wire.Factory to(String host, int port, LongFunction<String> paths, CacheStatusCounter statuses) {
        return () -> new HttpWire(host, port, paths, statuses);
    }

    @Override
    public boolean exchange(long n) throws IOException {
        String request = "GET " + paths.apply(n) + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + Pipeline.DEV_AUTHORIZATION
                + "\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(header.substring(colon + 1).trim());
            } else if (statuses != null && name.equalsIgnoreCase("X-Cache-Status")) {
                statuses.count(header.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = header.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line().trim(), 16); size > 0; size = Long.parseLong(line().trim(), 16)) {
                skip(size);
                line();
            }
            line();
        } else if (length > 0) {
            skip(length);
        }
        return code >= 200 && code < 300;
    }

    private void skip(long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed mid-body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
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
