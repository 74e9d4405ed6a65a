package io.treebeard.tariff;

import io.treebeard.schemas.model.UsageReading;
import io.treebeard.tariff.internal.ProfileCalculator;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The readings of one user keyed by date, as a stream processor keeps them in a state store: an upsert replaces the
 * reading of its date, a delete removes it, and {@link #profile()} computes contract section 3 from what is left.
 *
 * <p>Immutable: every change returns a new ledger. Readings are not pruned when they fall out of the window, because
 * deleting the latest reading moves the window back. The ledger does not look at {@code user_id}; the caller keeps
 * one ledger per user. To persist it, store {@link #readings()} and rebuild with {@link #of(Collection)}.
 */
public final class UsageLedger {

    private static final UsageLedger EMPTY = new UsageLedger(new TreeMap<>());

    private final NavigableMap<LocalDate, UsageReading> byDate;

    private UsageLedger(TreeMap<LocalDate, UsageReading> byDate) {
        this.byDate = Collections.unmodifiableNavigableMap(byDate);
    }

    /** A ledger without readings. */
    public static UsageLedger empty() {
        return EMPTY;
    }

    /**
     * A ledger of the given readings, in any order.
     *
     * @throws IllegalArgumentException when two different readings have the same date, since which one is current
     *                                  cannot be told from an unordered collection
     */
    public static UsageLedger of(Collection<UsageReading> readings) {
        TreeMap<LocalDate, UsageReading> byDate = new TreeMap<>();
        for (UsageReading reading : readings) {
            UsageReading previous = byDate.put(date(reading), reading);
            if (previous != null && !previous.equals(reading)) {
                throw new IllegalArgumentException("two different readings for " + reading.usageDate());
            }
        }
        return new UsageLedger(byDate);
    }

    /** This ledger with {@code reading} replacing any reading of the same date. */
    public UsageLedger upsert(UsageReading reading) {
        return upsertAll(List.of(reading));
    }

    /** This ledger with each reading applied as an {@link #upsert}, in iteration order (a later one wins). */
    public UsageLedger upsertAll(Collection<UsageReading> readings) {
        TreeMap<LocalDate, UsageReading> copy = new TreeMap<>(byDate);
        for (UsageReading reading : readings) {
            copy.put(date(reading), reading);
        }
        return new UsageLedger(copy);
    }

    /** This ledger without the reading of {@code date}; the same ledger when there is none. */
    public UsageLedger delete(LocalDate date) {
        if (!byDate.containsKey(date)) {
            return this;
        }
        TreeMap<LocalDate, UsageReading> copy = new TreeMap<>(byDate);
        copy.remove(date);
        return new UsageLedger(copy);
    }

    /** The reading of {@code date}, if any. */
    public Optional<UsageReading> get(LocalDate date) {
        return Optional.ofNullable(byDate.get(date));
    }

    /** All readings, oldest first. */
    public List<UsageReading> readings() {
        return List.copyOf(byDate.values());
    }

    /** Number of readings (days with a reading). */
    public int size() {
        return byDate.size();
    }

    /** Whether there is no reading at all. */
    public boolean isEmpty() {
        return byDate.isEmpty();
    }

    /** The usage profile of contract section 3 of these readings. */
    public UsageProfile profile() {
        return ProfileCalculator.compute(byDate);
    }

    private static LocalDate date(UsageReading reading) {
        return Objects.requireNonNull(reading.usageDate(), "usage_date");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UsageLedger ledger && byDate.equals(ledger.byDate);
    }

    @Override
    public int hashCode() {
        return byDate.hashCode();
    }

    @Override
    public String toString() {
        return "UsageLedger" + byDate.values();
    }
}
