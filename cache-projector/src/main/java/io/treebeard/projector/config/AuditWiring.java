package io.treebeard.projector.config;

import com.zaxxer.hikari.HikariDataSource;
import io.treebeard.audit.AuditMetrics;
import io.treebeard.audit.AuditScope;
import io.treebeard.audit.Auditor;
import io.treebeard.audit.PeriodicAudit;
import io.treebeard.audit.Target;
import java.util.EnumSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The periodic audit inside the projector (on unless {@code treebeard.projector.audit.enabled=false}): a sample of
 * what Redis serves, recomputed from PostgreSQL. It reads through the projector's own pool, on one daemon thread.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "treebeard.projector.audit", name = "enabled", havingValue = "true", matchIfMissing = true)
public class AuditWiring {

    @Bean
    AuditMetrics auditMetrics() {
        return new AuditMetrics();
    }

    @Bean(destroyMethod = "close")
    Auditor auditor(HikariDataSource projectorDataSource, ProjectorConfig config) {
        return new Auditor(projectorDataSource, config.redis().uri());
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService auditScheduler(Auditor auditor, AuditMetrics metrics, ProjectorConfig config) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "treebeard-audit");
            t.setDaemon(true);
            return t;
        });
        ProjectorConfig.Audit audit = config.audit();
        PeriodicAudit run = new PeriodicAudit(auditor, () -> AuditScope.everything().withTargets(EnumSet.of(Target.REDIS))
                .withSample(audit.sample(), ThreadLocalRandom.current().nextLong()), metrics);
        long every = audit.interval().toMillis();
        scheduler.scheduleWithFixedDelay(run, every, every, TimeUnit.MILLISECONDS);
        return scheduler;
    }
}
