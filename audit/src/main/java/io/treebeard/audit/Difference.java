package io.treebeard.audit;

/**
 * One way a served document differs from the one recomputed from the source.
 *
 * @param path     where, JSON-path-like: {@code recommendations[plan_id=p-3].monthly_costs[4]}; elements of a list of
 *                 plans are named by their plan_id, so a reordering does not hide what else changed
 * @param expected the value the source gives, as compact JSON, or {@link #ABSENT} when the field should not be there
 * @param actual   the value served, as compact JSON, or {@link #ABSENT} when the field is missing
 */
public record Difference(String path, String expected, String actual) {

    /** Stands for a field that is not there at all (as opposed to a JSON {@code null}). */
    public static final String ABSENT = "<absent>";

    @Override
    public String toString() {
        return path + ": expected " + expected + ", actual " + actual;
    }
}
