package io.treebeard.bench;

/**
 * One phase of the suite. Each phase keeps its rates, durations, timeouts and sample sizes as public constants, and
 * describes its method from them ({@link #method()}), so the method section of docs/performance.md is generated from
 * the figures the code uses and cannot drift from them.
 */
public interface Phase {

    /** The phase's name, as {@code -Dbench.phases} lists it. */
    String name();

    /** Whether the suite waits for the pipeline to settle (lag and plan fan-outs worked off) before this phase. */
    default boolean waitsForPipeline() {
        return true;
    }

    /** Runs the phase and adds its figures to the context's report. */
    void run(SuiteContext context) throws Exception;

    /** What the phase does, as the Markdown of its item in the method section, built from its constants. */
    String method();
}
