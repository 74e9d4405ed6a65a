package io.treebeard.schemas.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A row of {@code user_profile} (contract section 1).
 *
 * @param currentPlanId   may be null, and may name a plan that is not in the catalog
 * @param contractEndDate may be null
 */
public record UserProfile(
        String userId,
        String region,
        String currentPlanId,
        LocalDate contractEndDate,
        Preferences preferences,
        Instant updatedAt) {

    public UserProfile {
        preferences = preferences == null ? Preferences.NONE : preferences;
    }
}
