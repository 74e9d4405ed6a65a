package io.treebeard.bench.load;

import io.treebeard.demo.Pipeline;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * HTTP/1.1 GET over one keep-alive socket; reads the status line, headers and a Content-Length or chunked body.
 * Optionally it asks for gzip and revalidates what it has seen: the connection remembers each path's ETag and sends it
 * as {@code If-None-Match}, as a browser or a CDN edge would.
 */
public final class HttpWire implements Wire {

    /**
     * How the client asks.
     *
     * @param gzip       send {@code Accept-Encoding: gzip}
     * @param revalidate remember each path's ETag on this connection and send {@code If-None-Match}
     */
    public record Options(boolean gzip, boolean revalidate) {

        /** Plain requests: identity encoding, no validators. */
        public static final Options PLAIN = new Options(false, false);
    }

    private record Seen(String etag, long bodyBytes) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;
    private final LongFunction<String> paths;
    private final CacheStatusCounter statuses;
    private final Options options;
    private final Transfers transfers;
    private final Map<String, Seen> seen = new HashMap<>();

    private HttpWire(String host, int port, LongFunction<String> paths, CacheStatusCounter statuses, Options options,
            Transfers transfers) throws IOException {
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(30_000);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.host = host + ":" + port;
        this.paths = paths;
        this.statuses = statuses;
        this.options = options;
        this.transfers = transfers;
    }

    /** A factory of connections to {@code host:port} requesting {@code paths.apply(n)} as request n. */
    public static Wire.Factory to(String host, int port, LongFunction<String> paths) {
        return () -> new HttpWire(host, port, paths, null, Options.PLAIN, null);
    }

    /** As {@link #to(String, int, LongFunction)}, counting the {@code X-Cache-Status} of every answer. */
    public static Wire.Factory to(String host, int port, LongFunction<String> paths, CacheStatusCounter statuses) {
        return () -> new HttpWire(host, port, paths, statuses, Options.PLAIN, null);
    }

    /** As {@link #to(String, int, LongFunction, CacheStatusCounter)}, asking as {@code options} say, counting transfers. */
    public static Wire.Factory to(String host, int port, LongFunction<String> paths, CacheStatusCounter statuses, Options options,
            Transfers transfers) {
        return () -> new HttpWire(host, port, paths, statuses, options, transfers);
    }

    @Override
    public boolean exchange(long n) throws IOException {
        String path = paths.apply(n);
        StringBuilder request = new StringBuilder(160).append("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(host)
                .append("\r\nAuthorization: ").append(Pipeline.DEV_AUTHORIZATION).append("\r\n");
        if (options.gzip()) {
            request.append("Accept-Encoding: gzip\r\n");
        }
        Seen before = options.revalidate() ? seen.get(path) : null;
        if (before != null) {
            request.append("If-None-Match: ").append(before.etag()).append("\r\n");
        }
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        String etag = null;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(header.substring(colon + 1).trim());
            } else if (statuses != null && name.equalsIgnoreCase("X-Cache-Status")) {
                statuses.count(header.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = header.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            } else if (name.equalsIgnoreCase("ETag")) {
                etag = header.substring(colon + 1).trim();
            }
        }
        long body = 0;
        if (chunked) {
            for (long size = Long.parseLong(line().trim(), 16); size > 0; size = Long.parseLong(line().trim(), 16)) {
                skip(size);
                body += size;
                line();
            }
            line();
        } else if (length > 0 && code != 304) {
            skip(length);
            body = length;
        }
        if (code == 304) {
            if (transfers != null) {
                transfers.notModified(before == null ? 0 : before.bodyBytes());
            }
            return true;
        }
        boolean ok = code >= 200 && code < 300;
        if (ok && transfers != null) {
            transfers.full(body);
        }
        if (ok && options.revalidate() && etag != null) {
            seen.put(path, new Seen(etag, body));
        }
        return ok;
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
