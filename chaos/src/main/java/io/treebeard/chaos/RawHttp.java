package io.treebeard.chaos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: the fuzz pass sends what no well-behaved client library would
 * (raw control characters, broken percent-encodings, over-long request lines, lying headers).
 */
final class RawHttp {

    private RawHttp() {
    }

    /** An answer: status (0 = none), lower-case headers, the start of the body; {@code error} when none came. */
    record Answer(int status, Map<String, String> headers, String body, String error) {
        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        boolean problem() {
            return contentType().toLowerCase(Locale.ROOT).startsWith("application/problem+json");
        }
    }

    static byte[] request(String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (body != null && !headers.containsKey("Content-Length") && !headers.containsKey("Transfer-Encoding")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return h;
        }
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    static Answer exchange(int port, byte[] request) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            String writeError = null;
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The server may answer (413) and close before an oversized body is sent: read what it said.
                writeError = e.toString();
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[16384];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    got.write(buf, 0, n);
                    if (got.size() > 4_000_000) {
                        break;
                    }
                    if (complete(got.toByteArray())) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                if (got.size() == 0) {
                    return new Answer(0, Map.of(), "", "no answer within 10 s");
                }
            } catch (IOException e) {
                if (got.size() == 0) {
                    return new Answer(0, Map.of(), "", "connection failed: " + e + (writeError == null ? "" : "; write: " + writeError));
                }
            }
            return parse(got.toByteArray());
        } catch (IOException e) {
            return new Answer(0, Map.of(), "", "connect failed: " + e);
        }
    }

    /** Whether the bytes hold a whole answer (headers and a body of its Content-Length). */
    private static boolean complete(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        Answer a = parse(bytes);
        String length = a.headers().get("content-length");
        if (length != null) {
            try {
                return bytes.length - (end + 4) >= Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return a.headers().getOrDefault("transfer-encoding", "").contains("chunked") && text.endsWith("0\r\n\r\n");
    }

    private static Answer parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String[] lines = head.split("\r\n");
        int status = 0;
        String[] first = lines[0].split(" ", 3);
        if (first.length >= 2 && first[0].startsWith("HTTP/")) {
            try {
                status = Integer.parseInt(first[1]);
            } catch (NumberFormatException e) {
                status = 0;
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        String body = end < 0 ? "" : text.substring(end + 4, Math.min(text.length(), end + 4 + 300));
        return new Answer(status, headers, body, status == 0 ? "not an HTTP answer: " + abbreviate(text) : null);
    }

    static String abbreviate(String s) {
        String clean = s.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() > 120 ? clean.substring(0, 120) + "..." : clean;
    }
}
