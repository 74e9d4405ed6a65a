package io.treebeard.recommender.state;

import io.treebeard.schemas.model.UsageReading;
import io.treebeard.tariff.UsageLedger;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A user's readings as kept in the {@code usage-ledger} store: one entry per date with the LSN of the last change
 * applied to it. A deleted reading keeps its entry (with {@code deleted}) so that a replayed older upsert cannot bring
 * it back.
 */
public record UsageState(List<Day> days) {

    public UsageState {
        days = List.copyOf(days);
    }

    /** One date of the ledger. */
    public record Day(LocalDate date, BigDecimal kwh, BigDecimal peakKwh, long lsn, boolean deleted) {
    }

    /** No readings. */
    public static final UsageState EMPTY = new UsageState(List.of());

    /** The LSN last applied to {@code date}, or -1. */
    public long lsnOf(LocalDate date) {
        for (Day d : days) {
            if (d.date().equals(date)) {
                return d.lsn();
            }
        }
        return -1;
    }

    /** This state with {@code date} set to {@code reading} (null = deleted) at {@code lsn}. */
    public UsageState with(LocalDate date, UsageReading reading, long lsn) {
        Map<LocalDate, Day> byDate = new TreeMap<>();
        days.forEach(d -> byDate.put(d.date(), d));
        byDate.put(date, reading == null ? new Day(date, null, null, lsn, true)
                : new Day(date, reading.kwh(), reading.peakKwh(), lsn, false));
        return new UsageState(new ArrayList<>(byDate.values()));
    }

    /** The live readings as a ledger for the tariff engine. */
    public UsageLedger ledger(String userId) {
        List<UsageReading> readings = new ArrayList<>(days.size());
        for (Day d : days) {
            if (!d.deleted()) {
                readings.add(new UsageReading(userId, d.date(), d.kwh(), d.peakKwh()));
            }
        }
        return UsageLedger.of(readings);
    }
}
