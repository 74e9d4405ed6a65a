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
 *
 * @param floor the LSN of the last resync applied (-1 without one): the resync stated every reading as of that LSN, so
 *              any change at or before it, for any date, is already accounted for
 */
public record UsageState(List<Day> days, long floor) {

    /** The floor of a ledger that never had a resync. */
    public static final long NO_FLOOR = -1;

    public UsageState {
        days = List.copyOf(days);
    }

    /** A ledger without a resync. */
    public UsageState(List<Day> days) {
        this(days, NO_FLOOR);
    }

    /** One date of the ledger. */
    public record Day(LocalDate date, BigDecimal kwh, BigDecimal peakKwh, long lsn, boolean deleted) {
    }

    /** No readings. */
    public static final UsageState EMPTY = new UsageState(List.of(), NO_FLOOR);

    /** The LSN last applied to {@code date} (or the resync floor, when later), or -1. */
    public long lsnOf(LocalDate date) {
        for (Day d : days) {
            if (d.date().equals(date)) {
                return Math.max(d.lsn(), floor);
            }
        }
        return floor;
    }

    /** This state with {@code date} set to {@code reading} (null = deleted) at {@code lsn}. */
    public UsageState with(LocalDate date, UsageReading reading, long lsn) {
        Map<LocalDate, Day> byDate = byDate();
        byDate.put(date, reading == null ? new Day(date, null, null, lsn, true)
                : new Day(date, reading.kwh(), reading.peakKwh(), lsn, false));
        return new UsageState(new ArrayList<>(byDate.values()), floor);
    }

    /**
     * This state after a resync stating that, as of {@code lsn}, the user's readings are exactly {@code readings}:
     * every entry applied at or before {@code lsn} is replaced by the list, entries applied later (changes the resync
     * could not see) are kept, and {@code lsn} becomes the floor. Entries the list drops are forgotten rather than
     * kept as deletions: the floor already refuses any older change to them.
     */
    public UsageState resynced(List<UsageReading> readings, long lsn) {
        Map<LocalDate, Day> byDate = new TreeMap<>();
        for (UsageReading r : readings) {
            byDate.put(r.usageDate(), new Day(r.usageDate(), r.kwh(), r.peakKwh(), lsn, false));
        }
        for (Day d : days) {
            if (d.lsn() > lsn) {
                byDate.put(d.date(), d);
            }
        }
        return new UsageState(new ArrayList<>(byDate.values()), Math.max(floor, lsn));
    }

    /** True when at least one reading is live. */
    public boolean hasReadings() {
        return days.stream().anyMatch(d -> !d.deleted());
    }

    private Map<LocalDate, Day> byDate() {
        Map<LocalDate, Day> byDate = new TreeMap<>();
        days.forEach(d -> byDate.put(d.date(), d));
        return byDate;
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
