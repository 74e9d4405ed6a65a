package io.treebeard.audit;

import io.treebeard.schemas.cache.KeyType;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Decides whether what a target serves is what the source gives, and whether a difference counts as drift. */
final class Judge {

    private Judge() {
    }

    /**
     * The finding for one document on one target, or empty when the target serves exactly what the source gives (the
     * same content, or nothing when the source has nothing).
     *
     * @param expected the document recomputed from the source; empty when the source has none (the target must then
     *                 serve nothing)
     */
    static Optional<Finding> judge(KeyType type, String id, String key, Target target, Optional<JsonNode> expected, Served served,
            AuditScope scope) {
        if (served.error() != null) {
            return Optional.of(new Finding(type, id, key, target, Finding.Kind.ERROR, true, served.error(), List.of()));
        }
        if (expected.isEmpty()) {
            return served.present()
                    ? Optional.of(new Finding(type, id, key, target, Finding.Kind.UNEXPECTED, true, served.detail(), List.of()))
                    : Optional.empty();
        }
        if (!served.present()) {
            return Optional.of(new Finding(type, id, key, target, Finding.Kind.ABSENT, scope.absenceIsDrift(target), served.detail(),
                    List.of()));
        }
        List<Difference> differences = DocumentComparison.compare(expected.get(), served.document());
        return differences.isEmpty()
                ? Optional.empty()
                : Optional.of(new Finding(type, id, key, target, Finding.Kind.DIFFERENT, true, served.detail(), differences));
    }
}
