package io.treebeard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.cache.KeyType;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JudgeTest {

    private static final JsonNode DOC = DocumentComparison.parse("{\"user_id\": \"u\", \"annual_kwh\": 1.5}");
    private static final AuditScope SCOPE = AuditScope.everything();

    private static Optional<Finding> judge(Target target, Optional<JsonNode> expected, Served served, AuditScope scope) {
        return Judge.judge(KeyType.USAGE_ANALYSIS, "u", "tb:usage:{u}", target, expected, served, scope);
    }

    @Test
    void theSameContentIsNoFinding() {
        assertThat(judge(Target.REDIS, Optional.of(DOC), Served.of(DOC, "v=1"), SCOPE)).isEmpty();
    }

    @Test
    void nothingExpectedAndNothingServedIsNoFinding() {
        assertThat(judge(Target.REDIS, Optional.empty(), Served.absent("delete marker v=3"), SCOPE)).isEmpty();
        assertThat(judge(Target.API, Optional.empty(), Served.absent("HTTP 404"), SCOPE)).isEmpty();
    }

    @Test
    void aKeyAbsentFromRedisIsReportedButIsNotDriftByDefault() {
        Finding f = judge(Target.REDIS, Optional.of(DOC), Served.absent("no key"), SCOPE).orElseThrow();
        assertThat(f.kind()).isEqualTo(Finding.Kind.ABSENT);
        assertThat(f.drift()).isFalse();
    }

    @Test
    void aKeyAbsentFromRedisIsDriftWhenTheScopeSaysSo() {
        assertThat(judge(Target.REDIS, Optional.of(DOC), Served.absent("no key"), SCOPE.withAbsenceIsDrift(true)).orElseThrow().drift())
                .isTrue();
    }

    @Test
    void aMissingApiAnswerIsAlwaysDrift() {
        Finding f = judge(Target.API, Optional.of(DOC), Served.absent("HTTP 404"), SCOPE).orElseThrow();
        assertThat(f.kind()).isEqualTo(Finding.Kind.ABSENT);
        assertThat(f.drift()).isTrue();
    }

    @Test
    void aDocumentForSomethingDeletedInTheSourceIsUnexpectedDrift() {
        Finding f = judge(Target.REDIS, Optional.empty(), Served.of(DOC, "v=2"), SCOPE).orElseThrow();
        assertThat(f.kind()).isEqualTo(Finding.Kind.UNEXPECTED);
        assertThat(f.drift()).isTrue();
    }

    @Test
    void wrongContentIsDriftWithItsDifferences() {
        JsonNode wrong = DocumentComparison.parse("{\"user_id\": \"u\", \"annual_kwh\": 1.6}");
        Finding f = judge(Target.REDIS, Optional.of(DOC), Served.of(wrong, "v=2"), SCOPE).orElseThrow();
        assertThat(f.kind()).isEqualTo(Finding.Kind.DIFFERENT);
        assertThat(f.drift()).isTrue();
        assertThat(f.differences()).containsExactly(new Difference("annual_kwh", "1.5", "1.6"));
        assertThat(f.lines()).containsExactly("DRIFT redis usage u tb:usage:{u}: wrong content, 1 difference (v=2)",
                "    annual_kwh: expected 1.5, actual 1.6");
    }

    @Test
    void anUnreadableTargetIsDrift() {
        Finding f = judge(Target.API, Optional.empty(), Served.error("HTTP 503: down"), SCOPE).orElseThrow();
        assertThat(f.kind()).isEqualTo(Finding.Kind.ERROR);
        assertThat(f.drift()).isTrue();
    }

    @Test
    void theReportCountsDriftAndToleratedAbsencesApart() {
        Finding absent = judge(Target.REDIS, Optional.of(DOC), Served.absent("no key"), SCOPE).orElseThrow();
        Finding unexpected = judge(Target.REDIS, Optional.empty(), Served.of(DOC, "v=2"), SCOPE).orElseThrow();
        AuditReport report = new AuditReport(Map.of(KeyType.USAGE_ANALYSIS, 2), SCOPE.targets(), java.util.List.of(absent, unexpected),
                java.util.List.of(), java.time.Duration.ZERO);
        assertThat(report.hasDrift()).isTrue();
        assertThat(report.driftCount(KeyType.USAGE_ANALYSIS, Target.REDIS)).isEqualTo(1);
        assertThat(report.absentCount(KeyType.USAGE_ANALYSIS, Target.REDIS)).isEqualTo(1);
        assertThat(report.toJson()).contains("\"drift\":true", "\"kind\":\"unexpected\"", "\"kind\":\"absent\"");
    }
}
