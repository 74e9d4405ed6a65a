package io.treebeard.projector.db;

import io.treebeard.projector.core.RowWrite;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The PostgreSQL read model: {@code recommendations} (contract section 1). Upserts win only with a newer version, so
 * a replayed or reordered document never replaces a newer row; the writes of one poll go in one transaction as one
 * JDBC batch.
 */
public final class ReadModelWriter {

    static final String UPSERT = "INSERT INTO recommendations (user_id, version, generated_at, expires_at, payload)"
            + " VALUES (?, ?, ?, ?, ?::jsonb)"
            + " ON CONFLICT (user_id) DO UPDATE SET version = excluded.version, generated_at = excluded.generated_at,"
            + " expires_at = excluded.expires_at, payload = excluded.payload"
            + " WHERE excluded.version > recommendations.version";
    static final String DELETE = "DELETE FROM recommendations WHERE user_id = ?";
    static final String BY_USERS = "SELECT payload::text FROM recommendations WHERE user_id = ANY(?)";

    private final DataSource dataSource;

    /** A writer using connections of {@code dataSource} (the writer role). */
    public ReadModelWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Applies the writes (collapsed per user, see {@link RowWrite#collapse}) in one transaction.
     *
     * @return rows changed (an upsert rejected by the version guard changes none)
     */
    public int apply(List<RowWrite> writes) throws SQLException {
        if (writes.isEmpty()) {
            return 0;
        }
        List<RowWrite> rows = RowWrite.collapse(writes);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement upsert = c.prepareStatement(UPSERT); PreparedStatement delete = c.prepareStatement(DELETE)) {
                boolean upserts = false;
                boolean deletes = false;
                for (RowWrite row : rows) {
                    if (row.isDelete()) {
                        delete.setString(1, row.userId());
                        delete.addBatch();
                        deletes = true;
                    } else {
                        upsert.setString(1, row.userId());
                        upsert.setLong(2, row.version());
                        upsert.setTimestamp(3, Timestamp.from(row.generatedAt()));
                        upsert.setTimestamp(4, Timestamp.from(row.expiresAt()));
                        upsert.setString(5, new String(row.payload(), StandardCharsets.UTF_8));
                        upsert.addBatch();
                        upserts = true;
                    }
                }
                // The collapsed writes touch each user once, so the order of the two batches does not matter.
                int changed = 0;
                if (deletes) {
                    changed += sum(delete.executeBatch());
                }
                if (upserts) {
                    changed += sum(upsert.executeBatch());
                }
                c.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The stored documents of {@code userIds} (absent users are skipped), parsed back into records. */
    public List<RecommendationDocument> documents(List<String> userIds) throws SQLException {
        List<RecommendationDocument> docs = new ArrayList<>(userIds.size());
        if (userIds.isEmpty()) {
            return docs;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(BY_USERS)) {
            Array ids = c.createArrayOf("text", userIds.toArray());
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // jsonb normalises key order and spacing: parse and re-serialise with the shared mapper.
                    docs.add(Json.mapper().readValue(rs.getString(1), RecommendationDocument.class));
                }
            }
        }
        return docs;
    }

    /** Fails unless the read-model table exists and is readable (the ingest service owns migrations). */
    public void checkTable() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT user_id, version, generated_at, expires_at, payload FROM recommendations LIMIT 0").close();
        }
    }

    private static int sum(int[] counts) {
        int total = 0;
        for (int n : counts) {
            total += Math.max(n, 0);
        }
        return total;
    }
}
