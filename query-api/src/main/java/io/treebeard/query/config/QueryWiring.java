package io.treebeard.query.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.treebeard.query.admin.QueryAnalysis;
import io.treebeard.query.console.ConsoleAssets;
import io.treebeard.query.console.ConsoleRoutes;
import io.treebeard.query.console.PipelineStatus;
import io.treebeard.query.metrics.QueryMetrics;
import io.treebeard.query.read.CacheCircuit;
import io.treebeard.query.read.Hotness;
import io.treebeard.query.read.RateLimiter;
import io.treebeard.query.read.ReadPath;
import io.treebeard.query.read.RedisCache;
import io.treebeard.query.read.SourceReader;
import io.treebeard.query.web.QueryHandler;
import io.treebeard.query.web.ResponseCompression;
import io.treebeard.service.DependencyProbe;
import io.treebeard.service.auth.ApiKeys;
import io.micrometer.observation.ObservationPredicate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Builds the query API from {@link QueryConfig}: the framework-free read path and the thin WebFlux adapter.
 *
 * <p>Boot: PostgreSQL must answer (the fallback is what keeps the API correct), so it is a fail-fast
 * {@link DependencyProbe}. Redis is not: an API that starts without its cache serves every read from the database with
 * {@code BYPASS}, and switches to the cache once Redis answers.
 */
@Configuration(proxyBeanMethods = false)
public class QueryWiring {

    private static final Logger LOG = LoggerFactory.getLogger(QueryWiring.class);

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService queryScheduler() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "query-scheduler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    CacheCircuit cacheCircuitBreaker(QueryConfig config) {
        return new CacheCircuit(config.redis().failureThreshold(), config.redis().openDuration(), config.redis().slowCallThreshold());
    }

    @Bean(destroyMethod = "close")
    HikariDataSource queryDataSource(QueryConfig config) {
        QueryConfig.Database db = config.database();
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("treebeard-query");
        hikari.setJdbcUrl(db.url());
        hikari.setUsername(db.user());
        hikari.setPassword(db.password());
        hikari.setMaximumPoolSize(db.effectivePoolSize());
        hikari.setMinimumIdle(Math.min(2, db.effectivePoolSize()));
        hikari.setConnectionTimeout(Math.max(250, db.connectionTimeout().toMillis()));
        hikari.setValidationTimeout(Math.max(250, Math.min(db.connectionTimeout().toMillis(), 1000)));
        hikari.setReadOnly(true);
        // A statement or connect that hangs (server gone without a reset) fails instead of holding a thread forever.
        hikari.addDataSourceProperty("socketTimeout", Long.toString(Math.max(1, db.socketTimeout().toSeconds())));
        hikari.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, db.connectionTimeout().toSeconds())));
        hikari.setAutoCommit(true);
        // The boot probe below names the database when it is unreachable; the pool itself starts lazily.
        hikari.setInitializationFailTimeout(-1);
        return new HikariDataSource(hikari);
    }

    @Bean
    DependencyProbe postgresProbe(HikariDataSource dataSource, QueryConfig config) {
        return new DependencyProbe() {
            @Override
            public String name() {
                return "postgres";
            }

            @Override
            public String location() {
                return config.database().url();
            }

            @Override
            public void check(Duration timeout) throws Exception {
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                    s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
                    s.execute("SELECT 1 FROM plan_catalog LIMIT 1");
                }
            }
        };
    }

    @Bean
    QueryMetrics queryMetrics(CacheCircuit breaker, HikariDataSource dataSource) {
        return new QueryMetrics(breaker, dataSource::getHikariPoolMXBean);
    }

    @Bean(destroyMethod = "close")
    RedisCache redisCache(QueryConfig config, ScheduledExecutorService queryScheduler, CacheCircuit breaker) {
        RedisCache cache = new RedisCache(config.redis().uri(), config.redis().commandTimeout(), config.redis().openDuration(),
                queryScheduler);
        if (!cache.connected()) {
            breaker.forceOpen();
        }
        return cache;
    }

    @Bean(destroyMethod = "close")
    SourceReader sourceReader(HikariDataSource dataSource, QueryConfig config, QueryMetrics metrics) {
        QueryConfig.Database db = config.database();
        return new SourceReader(dataSource, db.effectivePoolSize(), db.queueCapacity(), db.slowQueryThreshold(), metrics);
    }

    @Bean
    Hotness hotness(RedisCache cache, CacheCircuit breaker, QueryConfig config, ScheduledExecutorService queryScheduler) {
        Hotness hotness = new Hotness();
        long every = config.redis().hotnessFlush().toMillis();
        queryScheduler.scheduleWithFixedDelay(() -> {
            try {
                if (breaker.state() == CacheCircuit.State.CLOSED && cache.connected()) {
                    hotness.flush(cache);
                } else {
                    hotness.drain();
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not flush key hotness", e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return hotness;
    }

    @Bean
    ReadPath readPath(RedisCache cache, CacheCircuit breaker, SourceReader reader, Hotness hotness, QueryConfig config,
            ScheduledExecutorService queryScheduler, QueryMetrics metrics) {
        QueryConfig.Read read = config.read();
        return new ReadPath(cache, breaker, reader, hotness,
                new ReadPath.Timing(read.leaseTtl(), read.leaseWaitStep(), read.leaseWaitMax()), queryScheduler, Clock.systemUTC(),
                metrics);
    }

    @Bean
    QueryAnalysis queryAnalysis(SourceReader reader, HikariDataSource dataSource, RedisCache cache, CacheCircuit breaker) {
        return new QueryAnalysis(reader, dataSource, cache, breaker);
    }

    @Bean
    QueryHandler queryHandler(ReadPath readPath, QueryAnalysis analysis, QueryConfig config, QueryMetrics metrics) {
        QueryConfig.RateLimit limit = config.security().rateLimit();
        RateLimiter limiter = limit.enabled() ? new RateLimiter(limit.requestsPerSecond(), limit.burst()) : null;
        return new QueryHandler(readPath, analysis, new ApiKeys(config.security().keys()), limiter, metrics,
                config.read().deadline(), config.read().retryAfter(), openApi());
    }

    @Bean
    ResponseCompression responseCompression(QueryConfig config) {
        return new ResponseCompression(config.http().compression(), config.http().compressAbove());
    }

    @Bean
    PipelineStatus pipelineStatus(QueryConfig config, MeterRegistry registry) {
        Map<String, URI> targets = new TreeMap<>();
        config.console().scrape().forEach((service, url) -> targets.put(service, URI.create(url)));
        return new PipelineStatus(targets, config.console().scrapeTimeout(), config.console().cacheFor(), registry, Clock.systemUTC());
    }

    @Bean
    RouterFunction<ServerResponse> queryRoutes(QueryHandler handler, PipelineStatus pipelineStatus) {
        // The console's page, assets and status first; everything else is the read API's.
        return new ConsoleRoutes(new ConsoleAssets(), pipelineStatus).routes()
                .and(RouterFunctions.route(RequestPredicates.all(), handler::handle));
    }

    /**
     * Turns off Spring's own {@code http.server.requests} observation: {@link QueryMetrics} already times every request
     * per route, cache status and status code, and the framework's observation (context, key values, long-task timer)
     * was the largest single cost on the cache-hit path.
     */
    @Bean
    ObservationPredicate noFrameworkRequestObservation() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext);
    }

    private static byte[] openApi() {
        try (InputStream in = QueryWiring.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource /openapi.json");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
