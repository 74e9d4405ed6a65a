package io.treebeard.audit;

import io.treebeard.schemas.cache.KeyType;
import java.util.List;
import java.util.Locale;

/**
 * What one target serves for one document when it is not what the source gives.
 *
 * @param type        the document type
 * @param id          the user, plan or region
 * @param key         the document's Redis key (also naming it for the other targets)
 * @param target      where it was read
 * @param kind        how it differs
 * @param drift       whether it counts as drift under the scope's rules ({@link AuditScope#absenceIsDrift()})
 * @param detail      what the target said, e.g. {@code X-Cache-Status: HIT} or the error; null when nothing to add
 * @param differences the field differences, for {@link Kind#DIFFERENT}
 */
public record Finding(KeyType type, String id, String key, Target target, Kind kind, boolean drift, String detail,
        List<Difference> differences) {

    public Finding {
        differences = List.copyOf(differences);
    }

    /** How a served document differs from the source. */
    public enum Kind {
        /** The source has the document; the target has none (Redis: expired or not projected yet; API: 404). */
        ABSENT,
        /** The source has no such document (deleted, never existed); the target serves one. */
        UNEXPECTED,
        /** Both have it; the content differs. */
        DIFFERENT,
        /** The target could not be read or gave an answer that is no document (HTTP 5xx, not a hash, not JSON). */
        ERROR;

        /** The name in reports. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One human-readable line, then one indented line per difference. */
    public List<String> lines() {
        StringBuilder head = new StringBuilder(drift ? "DRIFT " : "NOTE  ")
                .append(target.label()).append(' ').append(type.segment()).append(' ').append(id).append(' ').append(key)
                .append(": ").append(describe());
        if (detail != null) {
            head.append(" (").append(detail).append(')');
        }
        List<String> lines = new java.util.ArrayList<>();
        lines.add(head.toString());
        differences.forEach(d -> lines.add("    " + d));
        return lines;
    }

    private String describe() {
        return switch (kind) {
            case ABSENT -> target == Target.API ? "missing (the source has it)" : "absent in " + target.label() + " (the source has it)";
            case UNEXPECTED -> "unexpected (the source has none; should be absent)";
            case DIFFERENT -> "wrong content, " + differences.size() + (differences.size() == 1 ? " difference" : " differences");
            case ERROR -> "unreadable";
        };
    }
}
