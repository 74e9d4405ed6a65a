package io.treebeard.tariff;

import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.schemas.model.UsageReading;
import java.util.Collection;

/** Entry points of contract section 3 for callers that hold a user's readings as a plain collection. */
public final class UsageProfiles {

    private UsageProfiles() {
    }

    /**
     * The usage profile of one user's readings, in any order.
     *
     * @throws IllegalArgumentException when two different readings have the same date
     */
    public static UsageProfile compute(Collection<UsageReading> readings) {
        return UsageLedger.of(readings).profile();
    }

    /**
     * The usage-analysis document of contract section 5 for one user's readings, in any order.
     *
     * @param version the document version, chosen by the caller
     * @throws IllegalArgumentException when two different readings have the same date
     */
    public static UsageAnalysis analysis(String userId, long version, Collection<UsageReading> readings) {
        return compute(readings).toAnalysis(userId, version);
    }
}
