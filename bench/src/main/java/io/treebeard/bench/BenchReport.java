package io.treebeard.bench;

import io.treebeard.schemas.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one suite run: written to {@code bench/results/latest.json} (one entry per metric, with its unit),
 * appended to {@code bench/results/history.jsonl} (so regressions show), and rendered as the summary table of
 * {@code docs/performance.md} between its {@code bench:summary} markers.
 */
public final class BenchReport {

    static final String START = "<!-- bench:summary:start -->";
    static final String END = "<!-- bench:summary:end -->";

    /**
     * One measured figure.
     *
     * @param name      stable dotted id, e.g. {@code api.hit.capacity}
     * @param title     what it is, for people
     * @param value     the figure (NaN when the run could not measure it)
     * @param unit      its unit, e.g. {@code req/s}, {@code ms}, {@code keys/s}, {@code ratio}
     * @param goal      the goal as text, or null
     * @param met       whether the goal was met, null without a goal
     * @param reference the reference epic's claim for the same thing, or null
     */
    public record Metric(String name, String title, double value, String unit, String goal, Boolean met, String reference) {
    }

    private final List<Metric> metrics = new ArrayList<>();
    private final Map<String, Object> meta = new LinkedHashMap<>();
    private final Map<String, String> sections = new LinkedHashMap<>();
    private final Map<String, Object> details = new LinkedHashMap<>();

    /** A report stamped with the commit, date, JVM and machine. */
    public BenchReport(String commit, Instant date) {
        meta.put("commit", commit);
        meta.put("date", date.toString());
        meta.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        meta.put("cores", Runtime.getRuntime().availableProcessors());
        meta.put("memory_bytes", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize());
        meta.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    /** Adds a figure without a goal. */
    public BenchReport add(String name, String title, double value, String unit, String reference) {
        metrics.add(new Metric(name, title, value, unit, null, null, reference));
        return this;
    }

    /** Adds a figure with a goal: at least {@code min} (higher is better). */
    public BenchReport atLeast(String name, String title, double value, String unit, double min, String reference) {
        metrics.add(new Metric(name, title, value, unit, "≥ " + format(min, unit), !Double.isNaN(value) && value >= min, reference));
        return this;
    }

    /** Adds a figure with a goal: at most {@code max} (lower is better). */
    public BenchReport atMost(String name, String title, double value, String unit, double max, String reference) {
        metrics.add(new Metric(name, title, value, unit, "≤ " + format(max, unit), !Double.isNaN(value) && value <= max, reference));
        return this;
    }

    /**
     * A generated Markdown section: written between {@code <!-- bench:NAME:start -->} and {@code <!-- bench:NAME:end -->}
     * of docs/performance.md when the file has those markers, and kept in latest.json under {@code sections}.
     */
    public BenchReport section(String name, String markdown) {
        sections.put(name, markdown);
        return this;
    }

    /** Structured detail kept in latest.json (and history) under {@code details}, e.g. every step of a search. */
    public BenchReport detail(String name, Object value) {
        details.put(name, value);
        return this;
    }

    /** The figures so far. */
    public List<Metric> metrics() {
        return List.copyOf(metrics);
    }

    /** Writes latest.json, appends to history.jsonl, and replaces the summary of {@code performanceMd}. */
    public void write(Path resultsDir, Path performanceMd) {
        Map<String, Object> document = new LinkedHashMap<>(meta);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Metric m : metrics) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", m.name());
            entry.put("title", m.title());
            entry.put("value", Double.isNaN(m.value()) ? null : m.value());
            entry.put("unit", m.unit());
            entry.put("goal", m.goal());
            entry.put("met", m.met());
            entry.put("reference", m.reference());
            entries.add(entry);
        }
        document.put("metrics", entries);
        document.put("details", details);
        document.put("sections", sections);
        try {
            Files.createDirectories(resultsDir);
            Files.writeString(resultsDir.resolve("latest.json"),
                    Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n");
            Files.writeString(resultsDir.resolve("history.jsonl"), Json.mapper().writeValueAsString(document) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (Files.exists(performanceMd)) {
                Files.writeString(performanceMd, withSummary(Files.readString(performanceMd)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark results", e);
        }
    }

    /** {@code markdown} with the text between the summary markers replaced by this run's table. */
    String withSummary(String markdown) {
        String out = replaceBetween(markdown, START, END, table());
        for (Map.Entry<String, String> section : sections.entrySet()) {
            String start = "<!-- bench:" + section.getKey() + ":start -->";
            String end = "<!-- bench:" + section.getKey() + ":end -->";
            if (out.contains(start)) {
                out = replaceBetween(out, start, end, section.getValue());
            }
        }
        return out;
    }

    /** {@code markdown} with the text between {@code start} and {@code end} replaced by {@code body}. */
    static String replaceBetween(String markdown, String start, String end, String body) {
        int from = markdown.indexOf(start);
        int to = markdown.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalStateException("docs/performance.md lacks the " + start + " … " + end + " markers");
        }
        return markdown.substring(0, from + start.length()) + "\n" + body + (body.endsWith("\n") ? "" : "\n") + markdown.substring(to);
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Run of %s, commit `%s`, %s, %s cores.%n%n", meta.get("date"), meta.get("commit"),
                meta.get("jvm"), meta.get("cores")));
        out.append("| metric | reference claim | goal | measured | met? |\n|---|---|---|---|---|\n");
        for (Metric m : metrics) {
            String met = m.met() == null ? "—" : m.met() ? "yes" : "**no**";
            String value = Double.isNaN(m.value()) ? "not measured" : format(m.value(), m.unit());
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", m.title(),
                    m.reference() == null ? "—" : m.reference(), m.goal() == null ? "—" : m.goal(),
                    Boolean.FALSE.equals(m.met()) ? "**" + value + "**" : value, met));
        }
        return out.toString();
    }

    static String format(double value, String unit) {
        String number = Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : Math.abs(value) >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
        return unit.equals("%") ? number + "%" : number + " " + unit;
    }
}
