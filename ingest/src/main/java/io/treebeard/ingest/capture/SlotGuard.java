package io.treebeard.ingest.capture;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before the engine starts, that the replication slot can serve the stored offset, and when it cannot, makes
 * the engine start over with a consistent snapshot instead of silently streaming from wherever the slot is.
 *
 * <p>The slot cannot serve the offset when it is missing (dropped by hand, lost in a failover or upgrade) or when its
 * {@code confirmed_flush_lsn} or {@code restart_lsn} is after the offset (recreated, advanced), or its WAL was removed
 * ({@code wal_status = 'lost'}, past {@code max_slot_wal_keep_size}): PostgreSQL would
 * start streaming at the slot's position and the changes in between would never be seen. The engine only flushes
 * LSNs it has committed as offsets, so a healthy slot is never ahead of the stored offset.
 *
 * <p>Recovery drops the unusable slot (Debezium creates a new one, with an exported snapshot consistent with it) and
 * removes the stored offset, so the engine's {@code initial} mode takes a new snapshot; the capture then reconciles the
 * deletes ({@link SnapshotReconciliation}).
 */
final class SlotGuard {

    private static final Logger LOG = LoggerFactory.getLogger(SlotGuard.class);

    private final CaptureSettings settings;
    private final EngineOffsets offsets;
    private final Clock clock;

    SlotGuard(CaptureSettings settings, EngineOffsets offsets, Clock clock) {
        this.settings = settings;
        this.offsets = offsets;
        this.clock = clock;
    }

    /** The slot's positions; null fields when unknown. */
    record SlotState(Long confirmedFlushLsn, Long restartLsn, boolean active, boolean walLost) {

        /** A slot whose WAL is intact. */
        SlotState(Long confirmedFlushLsn, Long restartLsn, boolean active) {
            this(confirmedFlushLsn, restartLsn, active, false);
        }
    }

    /**
     * Compares the stored offset with the slot and recovers when the slot cannot serve it.
     *
     * @return why a full snapshot will follow (a lost slot position, or no stored offset), or null when the engine
     *         resumes streaming from its offset
     */
    CaptureGap prepare() {
        EngineOffsets.Stored stored = offsets.read();
        SlotState slot = slotState();
        CaptureGap gap = judge(stored == null ? null : stored.lsn(), slot);
        if (gap == null || !gap.slotLost()) {
            return gap;
        }
        LOG.warn("Change capture: the replication slot cannot serve the stored offset: {}. Dropping the slot and the offset;"
                + " the capture re-snapshots every table and publishes deletes for plans and profiles gone in the gap",
                gap.describe());
        if (slot != null) {
            dropSlot(slot);
        }
        offsets.remove(stored);
        return gap;
    }

    /** The decision alone: null when the stored offset is servable. */
    CaptureGap judge(Long storedLsn, SlotState slot) {
        if (storedLsn == null) {
            return new CaptureGap(CaptureGap.Cause.NO_STORED_OFFSET, settings.slotName(), null,
                    slot == null ? null : slot.confirmedFlushLsn(), slot == null ? null : slot.restartLsn(), clock.instant());
        }
        if (slot == null) {
            return new CaptureGap(CaptureGap.Cause.SLOT_MISSING, settings.slotName(), storedLsn, null, null, clock.instant());
        }
        if (slot.walLost()) {
            return new CaptureGap(CaptureGap.Cause.SLOT_INVALIDATED, settings.slotName(), storedLsn, slot.confirmedFlushLsn(),
                    slot.restartLsn(), clock.instant());
        }
        boolean ahead = slot.confirmedFlushLsn() != null && slot.confirmedFlushLsn() > storedLsn
                || slot.restartLsn() != null && slot.restartLsn() > storedLsn;
        return ahead ? new CaptureGap(CaptureGap.Cause.SLOT_AHEAD_OF_OFFSET, settings.slotName(), storedLsn,
                slot.confirmedFlushLsn(), slot.restartLsn(), clock.instant()) : null;
    }

    private SlotState slotState() {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT confirmed_flush_lsn::text, restart_lsn::text,"
                + " active, wal_status = 'lost' FROM pg_replication_slots WHERE slot_name = ? AND database = current_database()")) {
            s.setString(1, settings.slotName());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new SlotState(Lsns.parse(rs.getString(1)), Lsns.parse(rs.getString(2)), rs.getBoolean(3),
                        rs.getBoolean(4)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the state of replication slot '" + settings.slotName() + "'", e);
        }
    }

    /** True when {@code table} ({@code schema.table}, one of the captured ones) has no row right now. */
    boolean isEmpty(String table) {
        if (!List.of(ChangeMapper.PLANS_TABLE, ChangeMapper.PROFILES_TABLE, ChangeMapper.USAGE_TABLE).contains(table)) {
            throw new IllegalArgumentException("Not a captured table: " + table);
        }
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM " + table + ")");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell whether " + table + " is empty", e);
        }
    }

    private void dropSlot(SlotState slot) {
        if (slot.active()) {
            throw new IllegalStateException("Replication slot '" + settings.slotName() + "' is ahead of the stored"
                    + " offset but in use by another reader; stop it before this capture can recover");
        }
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
            s.setString(1, settings.slotName());
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop replication slot '" + settings.slotName() + "'", e);
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", settings.user());
        props.setProperty("password", settings.password() == null ? "" : settings.password());
        props.setProperty("ApplicationName", settings.topicPrefix() + "-slot-guard");
        return DriverManager.getConnection(settings.jdbcUrl(), props);
    }
}
