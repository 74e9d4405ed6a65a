package io.treebeard.ingest.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the OpenAPI 3.1 description of the write API ({@code src/main/resources/openapi.json}), as query-api does for
 * the read API. It is written by hand and kept honest by the ITs, which validate every request and response they
 * exchange against it.
 */
@RestController
public class ApiDescriptionController {

    /** Where the document is served; open without a key ({@link ApiKeyFilter}). */
    public static final String PATH = "/openapi.json";

    private final byte[] document = load();

    /** The document. */
    @GetMapping(path = {PATH, "/v3/api-docs"}, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> openApi() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5))).body(document);
    }

    private static byte[] load() {
        try (InputStream in = ApiDescriptionController.class.getResourceAsStream(PATH)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + PATH);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
