package io.treebeard.demo.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.ingest.config.IngestConfig;
import io.treebeard.projector.config.ProjectorConfig;
import io.treebeard.query.config.QueryConfig;
import io.treebeard.recommender.config.RecommenderConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The repository's docker-compose.yml is validated on every build (docker is not needed). */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Set<String> DATASOURCE = Set.of("SERVER_PORT", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
            "SPRING_DATASOURCE_PASSWORD");
    private static final Map<String, ComposeValidator.Service> SERVICES = Map.of(
            "ingest", new ComposeValidator.Service("ingest", "treebeard.ingest", IngestConfig.class,
                    union(DATASOURCE, Set.of("SPRING_FLYWAY_USER", "SPRING_FLYWAY_PASSWORD"))),
            "recommender-streams", new ComposeValidator.Service("recommender-streams", "treebeard.recommender",
                    RecommenderConfig.class, Set.of("SERVER_PORT")),
            "cache-projector", new ComposeValidator.Service("cache-projector", "treebeard.projector", ProjectorConfig.class,
                    Set.of("SERVER_PORT")),
            "query-api", new ComposeValidator.Service("query-api", "treebeard.query", QueryConfig.class, Set.of("SERVER_PORT")));

    private final ComposeValidator validator = new ComposeValidator(ROOT, SERVICES,
            ComposeValidator.variablesOf(ROOT.resolve("deploy/.env.example")));

    @Test
    void theRepositoryComposeFileIsValid() throws IOException {
        assertThat(validator.validate(compose())).isEmpty();
    }

    @Test
    void anEnvironmentVariableThatIsNoConfigKeyIsReported() throws IOException {
        String broken = compose().replace("TREEBEARD_INGEST_PARTITIONS: 6", "TREEBEARD_INGEST_PARTITIONZ: 6");
        assertThat(validator.validate(broken)).anySatisfy(p -> assertThat(p).startsWith("ingest:").contains("PARTITIONZ"));
    }

    @Test
    void aDashedEnvironmentNameThatSpringWouldNotBindIsReported() throws IOException {
        String broken = compose().replace("TREEBEARD_RECOMMENDER_STATEDIR:", "TREEBEARD_RECOMMENDER_STATE_DIR:");
        assertThat(validator.validate(broken)).anySatisfy(p -> assertThat(p).contains("STATE_DIR"));
    }

    @Test
    void aKeyOfAnotherServiceIsReported() throws IOException {
        String broken = compose().replace("SPRING_FLYWAY_USER: postgres", "TREEBEARD_RECOMMENDER_PARTITIONS: 3");
        assertThat(validator.validate(broken)).anySatisfy(p -> assertThat(p).contains("TREEBEARD_RECOMMENDER_PARTITIONS"));
    }

    @Test
    void aRoleMapKeyInJsonThatIsNoConfigKeyIsReported() throws IOException {
        String broken = compose().replace("{\"role-passwords\"", "{\"role-pass\"");
        assertThat(validator.validate(broken)).anySatisfy(p -> assertThat(p).contains("role-pass"));
    }

    @Test
    void portsThatDisagreeWithTheServiceAreReported() throws IOException {
        assertThat(validator.validate(compose().replace("\"8081:8081\"", "\"8081:9000\"")))
                .anySatisfy(p -> assertThat(p).contains("container port 9000"));
        assertThat(validator.validate(compose().replace("\"8090:8080\"", "\"8080:8080\"")))
                .anySatisfy(p -> assertThat(p).contains("host port 8080"));
        assertThat(validator.validate(compose().replace("/dev/tcp/localhost/9081", "/dev/tcp/localhost/8081")))
                .anySatisfy(p -> assertThat(p).contains("health check probes port 8081"));
        assertThat(validator.validate(compose().replace("\"8081:8081\"", "\"9081:9081\"")))
                .anySatisfy(p -> assertThat(p).contains("management port 9081"));
    }

    @Test
    void anInfrastructureServerPublishedToTheHostIsReported() throws IOException {
        assertThat(validator.validate(compose().replace("    image: redis:7.2\n", "    image: redis:7.2\n    ports: [\"6379:6379\"]\n")))
                .anySatisfy(p -> assertThat(p).contains("redis: an infrastructure server publishes port(s) [6379]"));
    }

    @Test
    void aMissingBuildContextOrModuleIsReported() throws IOException {
        assertThat(validator.validate(compose().replace("context: .", "context: ./nowhere")))
                .anySatisfy(p -> assertThat(p).contains("build context"));
        assertThat(validator.validate(compose().replace("{MODULE: ingest}", "{MODULE: ingestion}")))
                .anySatisfy(p -> assertThat(p).contains("MODULE=ingestion"));
    }

    @Test
    void anUndocumentedVariableReferenceAndAnUnknownDependencyAreReported() throws IOException {
        assertThat(validator.validate(compose().replace("${TREEBEARD_CDC_PASSWORD}", "${CDC_SECRET}")))
                .anySatisfy(p -> assertThat(p).contains("CDC_SECRET"));
        assertThat(validator.validate(compose().replace("ingest: {condition: service_healthy}", "ingester: {condition: service_healthy}")))
                .anySatisfy(p -> assertThat(p).contains("unknown service ingester"));
    }

    @Test
    void everyServiceIsDeployedAndScaledOut() throws IOException {
        String compose = compose();
        assertThat(compose).contains("{MODULE: ingest}", "{MODULE: recommender-streams}", "{MODULE: cache-projector}",
                "{MODULE: query-api}", "recommender-streams-2:", "query-api-2:");
        assertThat(validator.validate(compose.replace("TREEBEARD_QUERY_REDIS_URI:", "TREEBEARD_QUERY_REDIS_URL:")))
                .anySatisfy(p -> assertThat(p).startsWith("query-api-1:").contains("REDIS_URL"));
    }

    @Test
    void aFileThatDoesNotParseIsReported() {
        assertThat(validator.validate("services: [unclosed")).singleElement().asString().startsWith("does not parse");
    }

    private static String compose() throws IOException {
        return Files.readString(ROOT.resolve("docker-compose.yml"));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
