package io.treebeard.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.ingest.config.IngestWiring;
import io.treebeard.service.auth.ApiKey;
import io.treebeard.service.auth.ApiKeys;
import io.treebeard.service.auth.Right;
import io.treebeard.service.servlet.ApiKeyFilter;
import io.treebeard.schemas.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;
import org.springframework.http.server.RequestPath;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPatternParser;
import tools.jackson.databind.JsonNode;

class ApiKeyFilterTest {

    private static final String WRITER_KEY = "writer-key-0123456789";
    private static final String READER_KEY = "reader-key-0123456789";
    private static final String UNKNOWN_KEY = "nobody-knows-this-key-42";

    private final ApiKeyFilter filter = new ApiKeyFilter(new ApiKeys(List.of(
            new ApiKey("meter-loader", ApiKeys.sha256(WRITER_KEY),
                    Set.of(Right.READ, Right.WRITE)),
            new ApiKey("dashboard", ApiKeys.sha256(READER_KEY), Set.of(Right.READ)))), IngestWiring::rightNeeded);

    @Test
    void aRequestWithoutAuthorizationIsUnauthorizedWithAProblemNamingTheHeader() throws Exception {
        Exchange exchange = run("POST", "/api/v1/usage", null);

        assertThat(exchange.passed()).isFalse();
        assertThat(exchange.response.getStatus()).isEqualTo(401);
        assertThat(exchange.response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(exchange.response.getContentType()).startsWith("application/problem+json");
        JsonNode problem = exchange.problem();
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.at("/errors/0/field").asString()).isEqualTo("Authorization");
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).contains("Authorization");
        assertThat(problem.get("type").asString()).isEqualTo("https://treebeard.io/problems/401");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/usage");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic d3JpdGVyOnNlY3JldA==", "Bearer", "Bearer ", "writer-key-0123456789", "Token writer-key-0123456789"})
    void anAuthorizationThatIsNotABearerKeyIsUnauthorized(String header) throws Exception {
        Exchange exchange = run("POST", "/api/v1/usage", header);

        assertThat(exchange.passed()).isFalse();
        assertThat(exchange.response.getStatus()).isEqualTo(401);
        assertThat(exchange.response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(exchange.problem().at("/errors/0/field").asString()).isEqualTo("Authorization");
    }

    @Test
    void anUnknownKeyIsUnauthorizedAndNotEchoed() throws Exception {
        Exchange exchange = run("GET", "/api/v1/usage", "Bearer " + UNKNOWN_KEY);

        assertThat(exchange.passed()).isFalse();
        assertThat(exchange.response.getStatus()).isEqualTo(401);
        assertThat(exchange.response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(exchange.problem().at("/errors/0/field").asString()).isEqualTo("Authorization");
        assertThat(exchange.body()).doesNotContain(UNKNOWN_KEY).doesNotContain(ApiKeys.sha256(UNKNOWN_KEY));
    }

    @Test
    void aBlankBearerKeyIsUnauthorized() throws Exception {
        Exchange exchange = run("POST", "/api/v1/usage", "Bearer    ");

        assertThat(exchange.passed()).isFalse();
        assertThat(exchange.response.getStatus()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
    void aReadOnlyKeyIsForbiddenToWrite(String method) throws Exception {
        Exchange exchange = run(method, "/api/v1/plans/p-1", "Bearer " + READER_KEY);

        assertThat(exchange.passed()).isFalse();
        assertThat(exchange.response.getStatus()).isEqualTo(403);
        assertThat(exchange.response.getHeader("WWW-Authenticate")).as("403 is not a challenge").isNull();
        assertThat(exchange.response.getContentType()).startsWith("application/problem+json");
        JsonNode problem = exchange.problem();
        assertThat(problem.get("status").asInt()).isEqualTo(403);
        assertThat(problem.at("/errors/0/field").asString()).isEqualTo("Authorization");
        assertThat(problem.get("detail").asString()).contains("write");
        assertThat(exchange.body()).doesNotContain(READER_KEY).doesNotContain(ApiKeys.sha256(READER_KEY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS"})
    void aReadOnlyKeyMayRead(String method) throws Exception {
        Exchange exchange = run(method, "/api/v1/usage", "Bearer " + READER_KEY);

        assertThat(exchange.passed()).isTrue();
        assertThat(exchange.response.getStatus()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PUT", "DELETE"})
    void aWriteKeyMayReadAndWrite(String method) throws Exception {
        Exchange exchange = run(method, "/api/v1/usage", "Bearer " + WRITER_KEY);

        assertThat(exchange.passed()).isTrue();
        assertThat(exchange.response.getStatus()).isEqualTo(200);
        assertThat(exchange.body()).isEmpty();
    }

    @Test
    void theBearerSchemeIsCaseInsensitiveAndTheKeyIsTrimmed() throws Exception {
        assertThat(run("POST", "/api/v1/usage", "bearer " + WRITER_KEY).passed()).isTrue();
        assertThat(run("POST", "/api/v1/usage", "BEARER   " + WRITER_KEY + "  ").passed()).isTrue();
    }

    @Test
    void theKeyItselfIsCaseSensitive() throws Exception {
        Exchange exchange = run("POST", "/api/v1/usage", "Bearer " + WRITER_KEY.toUpperCase(Locale.ROOT));

        assertThat(exchange.response.getStatus()).isEqualTo(401);
    }

    @Test
    void configuredHashesMatchInEitherHexCase() throws Exception {
        ApiKeyFilter upper = new ApiKeyFilter(new ApiKeys(List.of(new ApiKey("loader",
                ApiKeys.sha256(WRITER_KEY).toUpperCase(Locale.ROOT), Set.of(Right.WRITE)))), IngestWiring::rightNeeded);
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/usage");
        request.addHeader("Authorization", "Bearer " + WRITER_KEY);
        MockFilterChain chain = new MockFilterChain();

        upper.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
    }

    @Test
    void theKeyHoldersNameIsInTheLogContextOnlyWhileTheRequestRuns() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/usage");
        request.addHeader("Authorization", "Bearer " + WRITER_KEY);
        List<String> seen = new ArrayList<>();

        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> seen.add(MDC.get(ApiKeyFilter.MDC_KEY)));

        assertThat(seen).containsExactly("meter-loader");
        assertThat(MDC.get(ApiKeyFilter.MDC_KEY)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health", "/actuator/prometheus", "/actuator", "/error"})
    void operationalEndpointsNeedNoKey(String uri) throws Exception {
        Exchange exchange = run("GET", uri, null);

        assertThat(exchange.passed()).isTrue();
        assertThat(exchange.response.getStatus()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/apidocs", "/api", "/%61ctuator/../api/v1/usage", "/actuatorx/v1"})
    void everyOtherPathNeedsAKey(String uri) throws Exception {
        Exchange exchange = run("POST", uri, null);

        assertThat(exchange.passed()).isFalse();
        assertThat(exchange.response.getStatus()).isEqualTo(401);
    }

    @Test
    void sha256IsTheLowercaseHexDigestOfTheUtf8Key() {
        assertThat(ApiKeys.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ApiKeys.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(ApiKeys.sha256("abc")).hasSize(64).matches("[0-9a-f]{64}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api;v=1/v1/usage", "/%61pi/v1/usage", "/api;jsessionid=x/v1/usage"})
    void anApiPathSpelledWithAPathParameterOrAnEncodedLetterStillNeedsAKey(String uri) throws Exception {
        MockHttpServletRequest routed = new MockHttpServletRequest("POST", uri);
        RequestPath path = ServletRequestPathUtils.parseAndCache(routed);
        assertThat(PathPatternParser.defaultInstance.parse("/api/v1/usage").matches(path.pathWithinApplication()))
                .as("Spring MVC routes %s to POST /api/v1/usage", uri).isTrue();

        Exchange exchange = run("POST", uri, null);

        assertThat(exchange.passed()).isFalse();
        assertThat(exchange.response.getStatus()).isEqualTo(401);
    }

    private Exchange run(String method, String uri, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        return new Exchange(response, chain);
    }

    /** The outcome of one request through the filter. */
    private record Exchange(MockHttpServletResponse response, MockFilterChain chain) {

        boolean passed() {
            return chain.getRequest() != null;
        }

        String body() throws Exception {
            return response.getContentAsString();
        }

        JsonNode problem() {
            return Json.mapper().readTree(response.getContentAsByteArray());
        }
    }
}
