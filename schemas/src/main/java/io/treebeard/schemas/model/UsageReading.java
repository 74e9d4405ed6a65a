package io.treebeard.schemas.model;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A row of {@code usage_history}: one day's consumption of one user (contract section 1).
 *
 * @param kwh     >= 0, three decimals
 * @param peakKwh null when the meter gave no peak split; otherwise 0..kwh
 */
public record UsageReading(String userId, LocalDate usageDate, BigDecimal kwh, BigDecimal peakKwh) {
}
