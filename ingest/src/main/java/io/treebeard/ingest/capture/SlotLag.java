package io.treebeard.ingest.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much WAL the replication slot holds back: the server's current WAL position minus the slot's
 * {@code confirmed_flush_lsn}, in bytes. A growing value means the capture is behind or stopped and PostgreSQL keeps
 * WAL for it (the operators' alert). Read on scrape, at most once per {@code every}, so a scrape costs no query most
 * of the time; NaN when the slot does not exist or the database does not answer.
 */
public final class SlotLag {

    private static final Logger LOG = LoggerFactory.getLogger(SlotLag.class);
    private static final String SQL = "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)"
            + " FROM pg_replication_slots WHERE slot_name = ?";

    private final DataSource dataSource;
    private final String slot;
    private final Duration every;
    private final Clock clock;
    private long readAt = Long.MIN_VALUE;
    private double bytes = Double.NaN;

    public SlotLag(DataSource dataSource, String slot, Duration every, Clock clock) {
        this.dataSource = dataSource;
        this.slot = slot;
        this.every = every;
        this.clock = clock;
    }

    /** The slot's lag in bytes, at most {@code every} old. */
    public synchronized double bytes() {
        long now = clock.millis();
        if (readAt != Long.MIN_VALUE && now - readAt < every.toMillis()) {
            return bytes;
        }
        readAt = now;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SQL)) {
            s.setQueryTimeout(2);
            s.setString(1, slot);
            try (ResultSet rs = s.executeQuery()) {
                bytes = rs.next() && rs.getObject(1) != null ? rs.getDouble(1) : Double.NaN;
            }
        } catch (SQLException e) {
            LOG.debug("Could not read the lag of replication slot {}", slot, e);
            bytes = Double.NaN;
        }
        return bytes;
    }
}
