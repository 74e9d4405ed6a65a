package io.treebeard.ingest.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.HttpStatus;

/** Reads a request body with a hard size limit, so an oversized body is refused (413) without being buffered whole. */
public final class BodyReader {

    private final int maxBytes;

    /** A reader refusing bodies over {@code maxBytes}. */
    public BodyReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The body bytes; 400 when empty, 413 when over the limit. */
    public byte[] read(HttpServletRequest request) {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            // One byte more than allowed tells an oversized body apart; long maths keeps the largest limit valid.
            byte[] body = in.readNBytes((int) Math.min(maxBytes + 1L, Integer.MAX_VALUE - 8));
            if (body.length > maxBytes) {
                throw tooLarge();
            }
            if (body.length == 0) {
                throw new BadRequestException(HttpStatus.BAD_REQUEST, "body", "The request has no body");
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the request body", e);
        }
    }

    private BadRequestException tooLarge() {
        return new BadRequestException(HttpStatus.CONTENT_TOO_LARGE, "body", "The body exceeds " + maxBytes + " bytes");
    }
}
