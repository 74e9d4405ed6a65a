package io.treebeard.recommender.state;

import io.treebeard.schemas.event.UsageAnalysis;

/**
 * The last usage analysis published for a user ({@code usage-analyses} store), null once a tombstone was published
 * (the user has neither a profile nor readings). The version survives the tombstone, so a user who comes back
 * continues above it: the projector keeps a delete marker with that version.
 */
public record AnalysisState(UsageAnalysis analysis, long version) {

    /** True when the last thing published for the user is an analysis, not a tombstone. */
    public boolean live() {
        return analysis != null;
    }
}
