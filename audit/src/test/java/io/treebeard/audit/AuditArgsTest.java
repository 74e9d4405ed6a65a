package io.treebeard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treebeard.schemas.cache.KeyType;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditArgsTest {

    private static final String[] BASE = {"--db-url", "jdbc:postgresql://db/treebeard", "--redis", "redis://cache:6379"};

    private static String[] with(String... more) {
        String[] all = new String[BASE.length + more.length];
        System.arraycopy(BASE, 0, all, 0, BASE.length);
        System.arraycopy(more, 0, all, BASE.length, more.length);
        return all;
    }

    @Test
    void defaultsAuditEverythingOnRedisAndTheReadModelWithoutRepair() {
        AuditArgs args = AuditArgs.parse(BASE, Map.of());
        AuditScope scope = args.scope(7L);
        assertThat(scope.types()).isEqualTo(EnumSet.allOf(KeyType.class));
        assertThat(scope.targets()).containsExactlyInAnyOrder(Target.REDIS, Target.READ_MODEL);
        assertThat(scope.sample()).isZero();
        assertThat(scope.repair()).isFalse();
        assertThat(scope.absenceIsDrift()).isFalse();
    }

    @Test
    void anApiUrlAddsTheApiTarget() {
        assertThat(AuditArgs.parse(with("--api", "http://api:8080"), Map.of()).targets()).contains(Target.API);
    }

    @Test
    void everyOptionIsRead() {
        AuditArgs args = AuditArgs.parse(with("--sample", "50", "--seed", "9", "--types", "rec,catalog", "--targets", "redis",
                "--id", "rec:u-1", "--id", "rec:u-2", "--absent-is-drift", "--repair", "--json"), Map.of(AuditArgs.DB_PASSWORD_ENV, "pw"));
        AuditScope scope = args.scope(1L);
        assertThat(scope.sample()).isEqualTo(50);
        assertThat(scope.seed()).isEqualTo(9L);
        assertThat(scope.types()).containsExactlyInAnyOrder(KeyType.RECOMMENDATION, KeyType.CATALOG);
        assertThat(scope.targets()).containsExactly(Target.REDIS);
        assertThat(scope.extraIds()).isEqualTo(Map.of(KeyType.RECOMMENDATION, List.of("u-1", "u-2")));
        assertThat(scope.absenceIsDrift()).isTrue();
        assertThat(scope.repair()).isTrue();
        assertThat(args.json()).isTrue();
        assertThat(args.dbPassword()).isEqualTo("pw");
    }

    @Test
    void badArgumentsAreRejectedWithAMessage() {
        assertThatThrownBy(() -> AuditArgs.parse(new String[] {"--redis", "redis://x"}, Map.of())).hasMessageContaining("--db-url");
        assertThatThrownBy(() -> AuditArgs.parse(with("--sample", "-1"), Map.of())).hasMessageContaining("--sample");
        assertThatThrownBy(() -> AuditArgs.parse(with("--types", "recs"), Map.of())).hasMessageContaining("unknown document type");
        assertThatThrownBy(() -> AuditArgs.parse(with("--targets", "api"), Map.of())).hasMessageContaining("--api");
        assertThatThrownBy(() -> AuditArgs.parse(with("--id", "u-1"), Map.of())).hasMessageContaining("TYPE:ID");
        assertThatThrownBy(() -> AuditArgs.parse(with("--frobnicate"), Map.of())).hasMessageContaining("unknown argument");
    }

    @Test
    void badArgumentsExitWithStatusTwo() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int status = AuditMain.run(new String[] {"--nope"}, Map.of(), new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err));
        assertThat(status).isEqualTo(AuditMain.FAILED);
        assertThat(err.toString()).contains("usage: treebeard audit");
    }
}
