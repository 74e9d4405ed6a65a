package io.treebeard.ingest.config;

import io.treebeard.ingest.api.BodyReader;
import io.treebeard.ingest.api.UsageBatchParser;
import io.treebeard.ingest.capture.CaptureLifecycle;
import io.treebeard.ingest.capture.CaptureSettings;
import io.treebeard.ingest.capture.ChangeCapture;
import io.treebeard.ingest.capture.ChangeMapper;
import io.treebeard.ingest.capture.GapReconciler;
import io.treebeard.ingest.capture.SlotLag;
import io.treebeard.ingest.metrics.IngestMetrics;
import io.treebeard.ingest.store.SourceWriter;
import io.treebeard.schemas.db.RolePasswords;
import io.treebeard.service.DependencyProbe;
import io.treebeard.service.Probes;
import io.treebeard.service.auth.ApiKeys;
import io.treebeard.service.auth.Right;
import io.treebeard.service.servlet.ApiKeyFilter;
import io.treebeard.service.servlet.ServletShellConfiguration;
import java.util.Set;
import java.util.regex.Pattern;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The ingest service's beans. The core classes they wrap know nothing of Spring. */
@Configuration(proxyBeanMethods = false)
public class IngestWiring implements WebMvcConfigurer {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "DELETE", "PATCH");

    /** Actuator endpoints, the error page and the API description; plain segments only, so no "..", "." or encoded trick matches. */
    private static final Pattern OPEN_PATHS = Pattern.compile("/actuator(/[A-Za-z0-9_-]+)*|/error|/openapi\\.json|/v3/api-docs");

    private final IngestMetrics metrics = new IngestMetrics(Clock.systemUTC());

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    IngestMetrics ingestMetrics() {
        return metrics;
    }

    @Bean
    SlotLag slotLag(DataSource dataSource, IngestConfig config) {
        SlotLag lag = new SlotLag(dataSource, config.capture().slotName(), Duration.ofSeconds(5), Clock.systemUTC());
        metrics.slotLag(lag::bytes);
        return lag;
    }

    @Bean
    SourceWriter sourceWriter(DataSource dataSource) {
        return new SourceWriter(dataSource);
    }

    @Bean
    UsageBatchParser usageBatchParser(IngestConfig config) {
        return new UsageBatchParser(config.api().maxRows());
    }

    @Bean
    BodyReader bodyReader(IngestConfig config) {
        return new BodyReader(config.api().maxBodyBytes());
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(IngestConfig config) {
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(
                new ApiKeyFilter(new ApiKeys(config.api().keys()), IngestWiring::rightNeeded));
        // After the request-id filter, so 401 and 403 carry X-Request-ID too.
        registration.setOrder(ServletShellConfiguration.API_KEY_ORDER);
        return registration;
    }

    /**
     * Every path needs a key but the error page (actuator runs on its own management port): {@code write} for
     * POST/PUT/DELETE/PATCH, {@code read} otherwise. An unknown route costs a 401 instead of a 404.
     */
    public static Right rightNeeded(jakarta.servlet.http.HttpServletRequest request) {
        if (OPEN_PATHS.matcher(ApiKeyFilter.lookupPath(request)).matches()) {
            return null;
        }
        return WRITES.contains(request.getMethod()) ? Right.WRITE : Right.READ;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RequestTimer(metrics)).addPathPatterns("/api/**");
    }

    /** Sets the configured role passwords after every migration (never kept in the migration history). */
    @Bean
    Callback rolePasswordsCallback(IngestConfig config) {
        return new Callback() {
            @Override
            public boolean supports(Event event, Context context) {
                return event == Event.AFTER_MIGRATE;
            }

            @Override
            public boolean canHandleInTransaction(Event event, Context context) {
                return true;
            }

            @Override
            public void handle(Event event, Context context) {
                try {
                    RolePasswords.apply(context.getConnection(), config.rolePasswords());
                } catch (SQLException e) {
                    throw new IllegalStateException("Cannot set the database role passwords", e);
                }
            }

            @Override
            public String getCallbackName() {
                return "treebeard-role-passwords";
            }
        };
    }

    /**
     * After a re-snapshot (replication slot lost), readings deleted in the gap are reconciled by the per-user usage
     * resync: every user's complete readings as of now, and an empty resync for users the pipeline knows but the
     * source no longer has.
     */
    @Bean
    GapReconciler usageResyncAfterGap(DataSource dataSource, IngestConfig config) {
        return (gap, snapshotLsn) -> io.treebeard.ingest.reseed.ReseedMain.reseed(dataSource, config.kafkaBootstrapServers());
    }

    @Bean
    DependencyProbe postgresProbe(DataSource dataSource, @Value("${spring.datasource.url}") String url) {
        return Probes.postgres(dataSource, url);
    }

    @Bean
    DependencyProbe kafkaProbe(IngestConfig config) {
        return Probes.kafka(config.kafkaBootstrapServers());
    }

    @Bean
    @ConditionalOnProperty(name = "treebeard.ingest.capture.enabled", havingValue = "true", matchIfMissing = true)
    CaptureLifecycle captureLifecycle(IngestConfig config, Clock clock, ObjectProvider<GapReconciler> gapReconciler) {
        IngestConfig.Capture c = config.capture();
        CaptureSettings settings = new CaptureSettings(c.host(), c.port(), c.database(), c.user(), c.password(), c.slotName(),
                c.publicationName(), config.kafkaBootstrapServers(), c.offsetTopic(), c.topicPrefix(), c.heartbeatInterval(),
                c.offsetFlushInterval(), config.partitions(), config.replicationFactor());
        // A GapReconciler bean (the per-user usage resync) repairs what a re-snapshot cannot; none by default.
        return new CaptureLifecycle(new ChangeCapture(settings, new ChangeMapper(clock), metrics,
                gapReconciler.getIfAvailable(() -> GapReconciler.NONE)));
    }
}
