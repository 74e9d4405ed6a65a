package io.treebeard.audit;

import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.schemas.validation.RateStructureValidator;
import io.treebeard.schemas.validation.ValidationResult;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Rows of the source tables as the project's records, read from the columns of {@code ReadQueries}.
 *
 * <p>The query API maps the same rows in its {@code SourceReader}; both belong in {@code schemas.db} once one of them
 * moves there.
 */
public final class SourceRows {

    private SourceRows() {
    }

    /**
     * The plan of the current row, or empty when its {@code rate_structure} breaks contract section 2: such a row can
     * only come from direct SQL, the change capture dead-letters it and the read API does not serve it, so for the
     * audit the plan is absent.
     */
    public static Optional<Plan> plan(ResultSet row) throws SQLException {
        ValidationResult<RateStructure> rates = RateStructureValidator.parse(Json.mapper().readTree(row.getString("rate_structure")),
                "rate_structure");
        if (!rates.isValid()) {
            return Optional.empty();
        }
        Array regions = row.getArray("available_regions");
        return Optional.of(new Plan(row.getString("plan_id"), row.getString("provider"), row.getString("name"),
                List.of((String[]) regions.getArray()), row.getBoolean("is_active"), rates.value(),
                row.getBigDecimal("renewable_percentage"), row.getInt("contract_months"), row.getBigDecimal("early_termination_fee"),
                instant(row, "updated_at")));
    }

    /** The profile of the current row. */
    public static UserProfile profile(ResultSet row) throws SQLException {
        String preferences = row.getString("preferences");
        return new UserProfile(row.getString("user_id"), row.getString("region"), row.getString("current_plan_id"),
                row.getObject("contract_end_date", LocalDate.class),
                preferences == null ? Preferences.NONE : Json.mapper().readValue(preferences, Preferences.class),
                instant(row, "updated_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }
}
