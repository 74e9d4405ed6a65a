package io.treebeard.schemas.validation;

import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.UserProfile;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Validates the body of {@code PUT /api/v1/users/{user_id}} (contract section 6): the columns of {@code user_profile}
 * but {@code user_id} (taken from the path) and {@code updated_at} (set by the server). Required: region; optional:
 * current_plan_id and contract_end_date (null allowed), preferences (default {}). Unknown keys are rejected.
 */
public final class ProfileValidator {

    private static final Set<String> KEYS = Set.of("region", "current_plan_id", "contract_end_date", "preferences");
    private static final Map<String, String> MISPLACED = Map.of(
            "user_id", "must not be in the body: the user id is taken from the path",
            "updated_at", "must not be in the body: it is set by the server");

    private ProfileValidator() {
    }

    /**
     * The profile the request describes, or every rule it breaks.
     *
     * @param userId    the id from the path, reported as {@code user_id} when malformed
     * @param body      the parsed request body
     * @param updatedAt the time the write is accepted, stored as {@code updated_at}
     */
    public static ValidationResult<UserProfile> parse(String userId, JsonNode body, Instant updatedAt) {
        Objects.requireNonNull(updatedAt, "updatedAt");
        Errors errors = new Errors();
        Identifiers.check("user_id", userId).ifPresent(e -> errors.add(e.field(), e.reason()));
        Fields fields = Fields.of(body, "", errors);
        if (fields == null) {
            return errors.result(() -> null);
        }
        fields.allowOnly(KEYS, MISPLACED);
        String region = fields.required("region", Values::identifier);
        String currentPlanId = fields.optional("current_plan_id", Values::identifier, null);
        LocalDate contractEnd = fields.optional("contract_end_date", Values::date, null);
        Preferences preferences = fields.optional("preferences", PreferencesValidator::read, Preferences.NONE);
        return errors.result(() -> new UserProfile(userId, region, currentPlanId, contractEnd, preferences, updatedAt));
    }
}
