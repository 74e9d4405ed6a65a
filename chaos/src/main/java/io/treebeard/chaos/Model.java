package io.treebeard.chaos;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the source must hold, from the producers' point of view: per key (a reading, a plan, a profile) the states it
 * may be in. An acknowledged write makes its value the only possible state; a rejected one changes nothing; an errored
 * one adds its value to the possible states. Each key is written by one producer thread at a time, so the model is
 * exact once the producers pause. Thread-safe.
 */
final class Model {

    /** The state of a key that has no row. */
    static final String ABSENT = "<absent>";

    private final Map<String, Set<String>> possible = new HashMap<>();
    /** Values only ever sent in rejected writes (never acknowledged nor errored), per key. */
    private final Map<String, Set<String>> rejectedValues = new HashMap<>();
    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);

    /** Sets a key's known state without a write (the seed data). */
    synchronized void known(String key, String value) {
        possible.put(key, new LinkedHashSet<>(List.of(value)));
    }

    /** Records one write (one transaction) of {@code values} (key to new state) with its outcome. */
    synchronized void record(Map<String, String> values, Outcome outcome) {
        counts.merge(outcome, 1, Integer::sum);
        for (Map.Entry<String, String> e : values.entrySet()) {
            Set<String> states = possible.computeIfAbsent(e.getKey(), k -> new LinkedHashSet<>(List.of(ABSENT)));
            switch (outcome) {
                case ACKNOWLEDGED -> {
                    states.clear();
                    states.add(e.getValue());
                }
                case ERRORED -> states.add(e.getValue());
                case REJECTED -> {
                    if (!states.contains(e.getValue())) {
                        rejectedValues.computeIfAbsent(e.getKey(), k -> new LinkedHashSet<>()).add(e.getValue());
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    synchronized Map<Outcome, Integer> counts() {
        return new EnumMap<>(counts.isEmpty() ? Map.of(Outcome.ACKNOWLEDGED, 0) : counts);
    }

    synchronized Set<String> keys() {
        return Set.copyOf(possible.keySet());
    }

    /**
     * Compares the source's state of every key with the model; afterwards the model holds the source's state (an errored
     * write is then decided). Returns one line per key where an acknowledged write is missing (lost) or a rejected
     * write is present (phantom).
     */
    synchronized Check check(Map<String, String> source) {
        List<String> lost = new ArrayList<>();
        List<String> phantom = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : possible.entrySet()) {
            String actual = source.getOrDefault(e.getKey(), ABSENT);
            if (!e.getValue().contains(actual)) {
                Set<String> rejected = rejectedValues.getOrDefault(e.getKey(), Set.of());
                String line = e.getKey() + ": source holds " + actual + ", producers allow " + e.getValue();
                (rejected.contains(actual) ? phantom : lost).add(line);
            }
            e.getValue().clear();
            e.getValue().add(actual);
        }
        rejectedValues.clear();
        return new Check(possible.size(), lost, phantom);
    }

    /** The outcome of one comparison with the source. */
    record Check(int keys, List<String> lost, List<String> phantom) {
        boolean clean() {
            return lost.isEmpty() && phantom.isEmpty();
        }
    }
}
