package io.treebeard.audit;

import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of one audit run: how many documents of each type were checked, every finding (drift and tolerated
 * absences alike, told apart by {@link Finding#drift()}), and what a repair did.
 *
 * @param checked  documents checked per type (each against every target of the scope)
 * @param targets  the targets read
 * @param findings every document a target does not serve as the source says, in the order found
 * @param repairs  one line per Redis key a repair changed
 * @param took     how long the run took
 */
public record AuditReport(Map<KeyType, Integer> checked, Set<Target> targets, List<Finding> findings, List<String> repairs,
        Duration took) {

    public AuditReport {
        checked = Map.copyOf(checked);
        targets = Set.copyOf(targets);
        findings = List.copyOf(findings);
        repairs = List.copyOf(repairs);
    }

    /** The findings that count as drift. */
    public List<Finding> drift() {
        return findings.stream().filter(Finding::drift).toList();
    }

    /** Whether anything counts as drift (the command then exits non-zero). */
    public boolean hasDrift() {
        return findings.stream().anyMatch(Finding::drift);
    }

    /** Drifted documents of one type on one target. */
    public int driftCount(KeyType type, Target target) {
        return (int) findings.stream().filter(f -> f.drift() && f.type() == type && f.target() == target).count();
    }

    /** Documents of one type that one target lacks although the source has them, drift or not. */
    public int absentCount(KeyType type, Target target) {
        return (int) findings.stream().filter(f -> f.kind() == Finding.Kind.ABSENT && f.type() == type && f.target() == target)
                .count();
    }

    /** Documents checked of one type; 0 when the type was not audited. */
    public int checkedCount(KeyType type) {
        return checked.getOrDefault(type, 0);
    }

    /** The report for people: one block per finding, the repairs, then a summary line. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        findings.forEach(f -> lines.addAll(f.lines()));
        repairs.forEach(r -> lines.add("REPAIR " + r));
        lines.add(summary());
        return lines;
    }

    /** One line: checked per type, drift and absences per target, the verdict. */
    public String summary() {
        StringBuilder s = new StringBuilder("audit: ").append(hasDrift() ? "DRIFT" : "no drift").append("; checked");
        for (KeyType type : KeyType.values()) {
            if (checked.containsKey(type)) {
                s.append(' ').append(type.segment()).append('=').append(checked.get(type));
            }
        }
        for (Target target : Target.values()) {
            if (targets.contains(target)) {
                long drift = findings.stream().filter(f -> f.drift() && f.target() == target).count();
                long absent = findings.stream().filter(f -> !f.drift() && f.target() == target).count();
                s.append("; ").append(target.label()).append(": drift=").append(drift).append(" tolerated-absent=").append(absent);
            }
        }
        return s.append("; took ").append(took.toMillis()).append(" ms").toString();
    }

    /** The JSON summary: the verdict, counts per type and target, every finding and repair. */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("drift", hasDrift());
        Map<String, Integer> checkedByType = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> driftByTarget = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> absentByTarget = new LinkedHashMap<>();
        for (Target target : Target.values()) {
            if (targets.contains(target)) {
                driftByTarget.put(target.label(), new LinkedHashMap<>());
                absentByTarget.put(target.label(), new LinkedHashMap<>());
            }
        }
        for (KeyType type : KeyType.values()) {
            if (!checked.containsKey(type)) {
                continue;
            }
            checkedByType.put(type.segment(), checked.get(type));
            for (Target target : targets) {
                if (target == Target.READ_MODEL && type != KeyType.RECOMMENDATION) {
                    // The read model holds recommendations only.
                    continue;
                }
                driftByTarget.get(target.label()).put(type.segment(), driftCount(type, target));
                absentByTarget.get(target.label()).put(type.segment(), absentCount(type, target));
            }
        }
        root.put("checked", checkedByType);
        root.put("drift_count", driftByTarget);
        root.put("absent_count", absentByTarget);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("type", f.type().segment());
            one.put("id", f.id());
            one.put("key", f.key());
            one.put("target", f.target().label());
            one.put("kind", f.kind().label());
            one.put("drift", f.drift());
            one.put("detail", f.detail());
            one.put("differences", f.differences());
            list.add(one);
        }
        root.put("findings", list);
        root.put("repairs", repairs);
        root.put("took_ms", took.toMillis());
        return Json.mapper().writeValueAsString(root);
    }

    /** An empty count per type, for building a report. */
    static Map<KeyType, Integer> noneChecked() {
        return new EnumMap<>(KeyType.class);
    }
}
