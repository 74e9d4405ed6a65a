package io.treebeard.bench;

import io.treebeard.demo.Pipeline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The services' per-stage freshness timers (names fixed in the project's metric names: source commit to the stage
 * handling the change), scraped from each service's {@code /actuator/prometheus} before and after a load step; the
 * difference of the cumulative buckets is the step's own histogram.
 */
final class FreshnessStages {

    /**
     * One stage.
     *
     * @param title   what it measures, for people
     * @param metric  Prometheus base name of the timer
     * @param service base URL of the service that records it
     * @param labels  which series of the timer count
     */
    record Stage(String title, String metric, Function<Pipeline, String> service, Predicate<String> labels) {
    }

    /** The stages in pipeline order. */
    static final List<Stage> STAGES = List.of(
            new Stage("commit → captured to Kafka (ingest)", "treebeard_ingest_capture_freshness_seconds", Pipeline::ingestManagementUrl,
                    l -> true),
            new Stage("commit → recommendation output committed (recommender)", "treebeard_recommender_output_freshness_seconds",
                    Pipeline::recommenderUrl, l -> l.contains("output=\"recommendation\"")),
            new Stage("commit → written to Redis (projector)", "treebeard_projector_redis_freshness_seconds", Pipeline::projectorUrl,
                    l -> true),
            new Stage("commit → read-model row committed (projector)", "treebeard_projector_readmodel_freshness_seconds",
                    Pipeline::projectorUrl, l -> true));

    private FreshnessStages() {
    }

    /** Every stage's cumulative buckets now. */
    static Map<Stage, PromHistogram> scrape(PipelineProbe probe, Pipeline pipeline) {
        Map<String, String> texts = new LinkedHashMap<>();
        Map<Stage, PromHistogram> histograms = new LinkedHashMap<>();
        for (Stage stage : STAGES) {
            String url = stage.service().apply(pipeline);
            String text = texts.computeIfAbsent(url, u -> {
                try {
                    return probe.scrape(u);
                } catch (RuntimeException e) {
                    Suite.say("cannot scrape " + u + ": " + e.getMessage());
                    return "";
                }
            });
            histograms.put(stage, PromHistogram.parse(text, stage.metric(), stage.labels()));
        }
        return histograms;
    }
}
