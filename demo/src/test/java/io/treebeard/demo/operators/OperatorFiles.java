package io.treebeard.demo.operators;

import io.treebeard.schemas.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;

/** The operators' files under deploy/: Prometheus config, alert rules and the Grafana dashboard, read as an operator's tools read them. */
final class OperatorFiles {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path PROMETHEUS = ROOT.resolve("deploy/prometheus/prometheus.yml");
    static final Path ALERTS = ROOT.resolve("deploy/prometheus/alerts.yml");
    static final Path DASHBOARD = ROOT.resolve("deploy/grafana/dashboards/treebeard.json");

    private static final Pattern METRIC = Pattern.compile("\\btreebeard_[a-z0-9_]+");

    private OperatorFiles() {
    }

    static Object yaml(Path file) throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    static JsonNode dashboard() throws IOException {
        return Json.mapper().readTree(Files.readString(DASHBOARD));
    }

    /** Every PromQL expression of the alert rules. */
    @SuppressWarnings("unchecked")
    static List<String> alertExpressions() throws IOException {
        Map<String, Object> rules = (Map<String, Object>) yaml(ALERTS);
        return ((List<Map<String, Object>>) rules.get("groups")).stream()
                .flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream())
                .map(r -> String.valueOf(r.get("expr"))).toList();
    }

    /** Every PromQL expression of the dashboard's panels. */
    static List<String> dashboardExpressions() throws IOException {
        List<String> out = new java.util.ArrayList<>();
        dashboard().get("panels").forEach(p -> p.get("targets").forEach(t -> out.add(t.get("expr").asString())));
        return out;
    }

    /** The TreeBeard metric names (Prometheus form) in {@code expressions}. */
    static Set<String> metrics(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String e : expressions) {
            Matcher m = METRIC.matcher(e);
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }
}
