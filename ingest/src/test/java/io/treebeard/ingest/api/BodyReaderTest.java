package io.treebeard.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

class BodyReaderTest {

    private static final int LIMIT = 1024;

    private final BodyReader reader = new BodyReader(LIMIT);

    @Test
    void theBodyIsReturnedWhole() {
        MockHttpServletRequest request = post(new byte[] {'[', ']'});

        assertThat(reader.read(request)).containsExactly('[', ']');
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() {
        byte[] body = filled(LIMIT);

        assertThat(reader.read(post(body))).isEqualTo(body);
    }

    @Test
    void anEmptyBodyIsABadRequestNamingTheBody() {
        BadRequestException e = refused(post(new byte[0]));

        assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(e.field()).isEqualTo("body");
    }

    @Test
    void aRequestWithoutAnyContentIsABadRequest() {
        BadRequestException e = refused(new MockHttpServletRequest("POST", "/api/v1/usage"));

        assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void aBodyOneByteOverTheLimitIsContentTooLarge() {
        BadRequestException e = refused(post(filled(LIMIT + 1)));

        assertThat(e.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(e.field()).isEqualTo("body");
        assertThat(e.getMessage()).contains(Integer.toString(LIMIT));
    }

    @Test
    void aDeclaredContentLengthOverTheLimitIsRefusedWithoutReadingTheBody() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/usage") {
            @Override
            public long getContentLengthLong() {
                return 50L * 1024 * 1024 * 1024;
            }

            @Override
            public ServletInputStream getInputStream() {
                throw new AssertionError("an oversized body must not be read");
            }
        };

        BadRequestException e = refused(request);

        assertThat(e.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
    }

    @Test
    void anUndeclaredLengthOverTheLimitIsContentTooLargeByTheBytesActuallySent() {
        MockHttpServletRequest chunked = withDeclaredLength(filled(LIMIT * 3), -1);

        assertThat(refused(chunked).status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
    }

    @Test
    void aContentLengthThatUnderstatesTheBodyDoesNotLetAnOversizedBodyThrough() {
        MockHttpServletRequest lying = withDeclaredLength(filled(LIMIT + 1), 10);

        assertThat(refused(lying).status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
    }

    @Test
    void anUndeclaredLengthWithinTheLimitIsAccepted() {
        byte[] body = filled(LIMIT);

        assertThat(reader.read(withDeclaredLength(body, -1))).isEqualTo(body);
    }

    @Test
    void aBodyThatCannotBeReadIsAnUncheckedIoError() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/usage") {
            @Override
            public ServletInputStream getInputStream() {
                return new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }

                    @Override
                    public boolean isFinished() {
                        return false;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        throw new UnsupportedOperationException();
                    }
                };
            }
        };

        assertThatThrownBy(() -> reader.read(request)).isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void theLargestConfigurableLimitStillReadsASmallBody() {
        assertThat(new BodyReader(Integer.MAX_VALUE).read(post(new byte[] {'[', ']'}))).containsExactly('[', ']');
    }

    private static MockHttpServletRequest post(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/usage");
        request.setContent(body);
        return request;
    }

    private static MockHttpServletRequest withDeclaredLength(byte[] body, long declared) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/usage") {
            @Override
            public long getContentLengthLong() {
                return declared;
            }

            @Override
            public int getContentLength() {
                return (int) declared;
            }
        };
        request.setContent(body);
        return request;
    }

    private static byte[] filled(int length) {
        byte[] body = new byte[length];
        Arrays.fill(body, (byte) 'x');
        return body;
    }

    private BadRequestException refused(MockHttpServletRequest request) {
        BadRequestException e = catchThrowableOfType(BadRequestException.class, () -> reader.read(request));
        assertThat(e).as("a BadRequestException").isNotNull();
        return e;
    }
}
