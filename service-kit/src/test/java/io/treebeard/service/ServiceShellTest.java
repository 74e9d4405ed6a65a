package io.treebeard.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import io.treebeard.service.web.RequestIds;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

class ServiceShellTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void serviceExposesLivenessReadinessAndPrometheusMetrics() throws Exception {
        try (ConfigurableApplicationContext app = start(Map.of(), Map.of())) {
            assertThat(get(app, "/actuator/health/liveness").body()).contains("\"status\":\"UP\"");
            assertThat(get(app, "/actuator/health/readiness").statusCode()).isEqualTo(200);
            HttpResponse<String> prometheus = get(app, "/actuator/prometheus");
            assertThat(prometheus.statusCode()).isEqualTo(200);
            assertThat(prometheus.body()).contains("jvm_memory_used_bytes").contains("application=\"shell-test\"");
        }
    }

    @Test
    void actuatorIsOnlyOnTheManagementPortWithHealthWithoutDetailsAndPrometheus() throws Exception {
        try (ConfigurableApplicationContext app = start(Map.of(), Map.of())) {
            String api = app.getEnvironment().getProperty("local.server.port");
            String management = app.getEnvironment().getProperty("local.management.port");
            assertThat(management).isNotNull().isNotEqualTo(api);
            HttpResponse<String> onApiPort = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + api + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(onApiPort.statusCode()).isEqualTo(404);
            assertThat(onApiPort.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
            assertThat(get(app, "/actuator/health").body()).contains("\"status\":\"UP\"").doesNotContain("components")
                    .doesNotContain("details");
            for (String closed : new String[] {"/actuator/env", "/actuator/info", "/actuator/metrics", "/actuator/beans"}) {
                assertThat(get(app, closed).statusCode()).as(closed).isEqualTo(404);
            }
        }
    }

    @Test
    void aPlaceholderOrEmptySecretStopsTheStartNamingTheKey() {
        for (String secret : new String[] {"change-me-owner", "", "  "}) {
            assertThatThrownBy(() -> start(Map.of("treebeard.secrets.keys", "treebeard.shell.password,treebeard.shell.token",
                    "treebeard.shell.password", secret, "treebeard.shell.token", "a-real-token"), Map.of()).close())
                    .hasMessageContaining("treebeard.shell.password").hasMessageNotContaining("treebeard.shell.token");
        }
        try (ConfigurableApplicationContext app = start(Map.of("treebeard.secrets.keys", "treebeard.shell.password",
                "treebeard.shell.password", "s3cret-from-a-vault"), Map.of())) {
            assertThat(app.isRunning()).isTrue();
        }
    }

    @Test
    void everyResponseCarriesTheClientsRequestIdOrANewOne() throws Exception {
        try (ConfigurableApplicationContext app = start(Map.of(), Map.of())) {
            HttpResponse<String> echoed = HTTP.send(HttpRequest.newBuilder(uri(app, "/hello"))
                    .header(RequestIds.HEADER, "client-42").build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> generated = get(app, "/hello");

            assertThat(echoed.headers().firstValue(RequestIds.HEADER)).hasValue("client-42");
            assertThat(generated.headers().firstValue(RequestIds.HEADER)).get().asString().hasSize(36);
        }
    }

    @Test
    void unsafeClientRequestIdIsReplaced() {
        assertThat(RequestIds.of("bad id\r\nSet-Cookie: x")).hasSize(36).doesNotContain(" ");
        assertThat(RequestIds.of("x".repeat(129))).hasSize(36);
        assertThat(RequestIds.of("abc-1.2:3")).isEqualTo("abc-1.2:3");
    }

    @Test
    void unknownRouteIsAProblemDocument() throws Exception {
        try (ConfigurableApplicationContext app = start(Map.of(), Map.of())) {
            HttpResponse<String> response = get(app, "/no/such/route");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        }
    }

    @Test
    void environmentVariablesOverrideConfigFiles() throws Exception {
        try (ConfigurableApplicationContext app = start(Map.of("treebeard.shell.partitions", "3"),
                Map.of("TREEBEARD_SHELL_PARTITIONS", "7"))) {
            assertThat(app.getBean(ShellConfig.class).partitions()).isEqualTo(7);
        }
    }

    @Test
    void invalidConfigValueFailsStartupNamingTheKey() {
        assertThatThrownBy(() -> start(Map.of("treebeard.shell.partitions", "0"), Map.of()).close())
                .hasStackTraceContaining("treebeard.shell.partitions")
                .hasStackTraceContaining("must be greater than or equal to 1");
    }

    @Test
    void unreachableDependencyFailsStartupNamingIt() {
        assertThatThrownBy(() -> start(Map.of("shell.failing-probe", "true"), Map.of()).close())
                .hasStackTraceContaining("Dependency 'postgres' at jdbc:postgresql://localhost:1/none is unreachable")
                .hasRootCauseInstanceOf(ConnectException.class);
    }

    private static ConfigurableApplicationContext start(Map<String, Object> fileProperties, Map<String, Object> env) {
        SpringApplication app = TreeBeardApplication.create(ShellApp.class);
        StandardEnvironment environment = new StandardEnvironment() {
            @Override
            protected void customizePropertySources(MutablePropertySources sources) {
                sources.addLast(new SystemEnvironmentPropertySource(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
                sources.addLast(new MapPropertySource("config-file", fileProperties));
            }
        };
        app.setEnvironment(environment);
        return app.run("--server.port=0", "--spring.application.name=shell-test", "--logging.structured.format.console=");
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext app, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(app, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(ConfigurableApplicationContext app, String path) {
        String port = path.startsWith("/actuator") ? "local.management.port" : "local.server.port";
        return URI.create("http://localhost:" + app.getEnvironment().getProperty(port) + path);
    }

    @ConfigurationProperties("treebeard.shell")
    @Validated
    record ShellConfig(@Min(1) @DefaultValue("1") int partitions) {
    }

    @SpringBootApplication
    @EnableConfigurationProperties(ShellConfig.class)
    @RestController
    static class ShellApp {

        @GetMapping("/hello")
        String hello() {
            return "hello";
        }

        @Bean
        @ConditionalOnProperty("shell.failing-probe")
        DependencyProbe failingProbe() {
            return Probes.probe("postgres", "jdbc:postgresql://localhost:1/none", timeout -> {
                throw new ConnectException("Connection refused");
            });
        }
    }
}
