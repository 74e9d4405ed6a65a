package io.treebeard.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void anAcknowledgedWriteMissingFromTheSourceIsLost() {
        Model model = new Model();
        model.known("k", "a");
        model.record(Map.of("k", "b"), Outcome.ACKNOWLEDGED);

        Model.Check check = model.check(Map.of("k", "a"));

        assertThat(check.lost()).hasSize(1).first().asString().contains("k: source holds a");
        assertThat(check.phantom()).isEmpty();
    }

    @Test
    void aRejectedWriteInTheSourceIsPhantom() {
        Model model = new Model();
        model.known("k", "a");
        model.record(Map.of("k", "b", "new", "x"), Outcome.REJECTED);

        Model.Check check = model.check(Map.of("k", "b"));

        assertThat(check.phantom()).hasSize(1).first().asString().startsWith("k:");
        assertThat(check.lost()).isEmpty();
    }

    @Test
    void anErroredWriteMayOrMayNotHaveHappenedAndTheSourceThenDecides() {
        Model model = new Model();
        model.known("k", "a");
        model.record(Map.of("k", "b"), Outcome.ERRORED);

        assertThat(model.check(Map.of("k", "b")).clean()).isTrue();
        // decided: "b" is now the only allowed state
        assertThat(model.check(Map.of("k", "a")).lost()).hasSize(1);
    }

    @Test
    void aKeyWithoutARowIsAbsent() {
        Model model = new Model();
        model.record(Map.of("k", "a"), Outcome.ACKNOWLEDGED);
        model.record(Map.of("k", Model.ABSENT), Outcome.ACKNOWLEDGED);

        assertThat(model.check(Map.of()).clean()).isTrue();
        assertThat(model.counts()).containsEntry(Outcome.ACKNOWLEDGED, 2);
    }
}
