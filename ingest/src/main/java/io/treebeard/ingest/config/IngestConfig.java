package io.treebeard.ingest.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The whole configuration of the ingest service, bound once from {@code treebeard.ingest.*} and validated at startup.
 * Environment variables override files ({@code TREEBEARD_INGEST_KAFKABOOTSTRAPSERVERS=...}).
 *
 * @param kafkaBootstrapServers Kafka the capture publishes to
 * @param partitions            partitions of topics the service creates
 * @param replicationFactor     replication factor of topics the service creates
 * @param capture               change capture settings
 * @param api                   write API settings
 * @param rolePasswords         passwords set on the database roles after migrating (role name to password)
 */
@ConfigurationProperties("treebeard.ingest")
@Validated
public record IngestConfig(
        @NotBlank String kafkaBootstrapServers,
        @Min(1) @Max(10_000) @DefaultValue(DEFAULT_PARTITIONS) int partitions,
        @Min(1) @Max(16) @DefaultValue("1") short replicationFactor,
        @Valid @NotNull @DefaultValue Capture capture,
        @Valid @NotNull @DefaultValue Api api,
        @NotNull @DefaultValue Map<@Pattern(regexp = "treebeard_(cdc|writer|reader)") String,
                @Pattern(regexp = "[^']*", message = "must not contain a single quote") String> rolePasswords) {

    /** Default partitions of created topics. */
    public static final String DEFAULT_PARTITIONS = "6";

    /**
     * Change capture.
     *
     * @param enabled             false runs the write API only (e.g. a second instance: one slot has one reader)
     * @param databaseUrl         JDBC URL of the source database ({@code jdbc:postgresql://host:port/db})
     * @param user                a role with REPLICATION (treebeard_cdc)
     * @param password            its password
     * @param slotName            logical replication slot
     * @param publicationName     publication of the three source tables
     * @param topicPrefix         Debezium's logical name
     * @param offsetTopic         compacted topic of the capture offsets
     * @param heartbeatInterval   heartbeat period, so idle tables let the slot advance
     * @param offsetFlushInterval how often processed offsets are committed
     */
    public record Capture(
            @DefaultValue("true") boolean enabled,
            @NotBlank @Pattern(regexp = "jdbc:postgresql://[^/:]+(:\\d+)?/[^?]+(\\?.*)?",
                    message = "must look like jdbc:postgresql://host:port/database") String databaseUrl,
            @NotBlank String user,
            @DefaultValue("") String password,
            @NotBlank @Pattern(regexp = "[a-z0-9_]{1,63}") @DefaultValue("treebeard_ingest") String slotName,
            @NotBlank @DefaultValue("treebeard_cdc") String publicationName,
            @NotBlank @Pattern(regexp = "[A-Za-z0-9_.-]+") @DefaultValue("treebeard") String topicPrefix,
            @NotBlank @DefaultValue("treebeard.ingest.offsets") String offsetTopic,
            @NotNull @DefaultValue("10s") Duration heartbeatInterval,
            @NotNull @DefaultValue("1s") Duration offsetFlushInterval) {

        /** The host of {@link #databaseUrl}. */
        public String host() {
            return authority().split(":")[0];
        }

        /** The port of {@link #databaseUrl}, 5432 by default. */
        public int port() {
            String[] parts = authority().split(":");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 5432;
        }

        /** The database of {@link #databaseUrl}. */
        public String database() {
            String rest = databaseUrl.substring("jdbc:postgresql://".length());
            String path = rest.substring(rest.indexOf('/') + 1);
            int query = path.indexOf('?');
            return query < 0 ? path : path.substring(0, query);
        }

        private String authority() {
            String rest = databaseUrl.substring("jdbc:postgresql://".length());
            return rest.substring(0, rest.indexOf('/'));
        }
    }

    /**
     * Write API.
     *
     * @param maxRows      rows per usage batch (the contract's limit is 10,000)
     * @param maxBodyBytes largest accepted body
     * @param keys         producers' API keys (only their SHA-256 is configured)
     */
    public record Api(
            @Min(1) @Max(10_000) @DefaultValue("10000") int maxRows,
            @Min(1024) @DefaultValue("8388608") int maxBodyBytes,
            @Valid @NotEmpty List<io.treebeard.service.auth.ApiKey> keys) {
    }

}
