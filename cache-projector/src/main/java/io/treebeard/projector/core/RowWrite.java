package io.treebeard.projector.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One change to the PostgreSQL read model ({@code recommendations}). A null {@code payload} deletes the user's row.
 *
 * @param userId      the row key
 * @param version     the document version (the upsert only wins when it is newer)
 * @param generatedAt the document's generation time
 * @param expiresAt   generated_at + the recommendations TTL
 * @param payload     the document JSON, or null for a delete
 */
public record RowWrite(String userId, long version, Instant generatedAt, Instant expiresAt, byte[] payload) {

    public RowWrite {
        Objects.requireNonNull(userId, "userId");
    }

    /** A delete of the user's row. */
    public static RowWrite delete(String userId) {
        return new RowWrite(userId, 0L, null, null, null);
    }

    /** True for a delete. */
    public boolean isDelete() {
        return payload == null;
    }

    /**
     * Collapses the writes of one poll to at most one per user with the same end state as executing them in order
     * against a version-guarded table: the last delete wins over what came before it, and among the upserts after it
     * the highest version wins (a replayed older upsert later in the batch must not hide a newer one).
     */
    public static List<RowWrite> collapse(List<RowWrite> writes) {
        Map<String, RowWrite> last = new LinkedHashMap<>();
        for (RowWrite w : writes) {
            RowWrite previous = last.get(w.userId());
            if (w.isDelete() || previous == null || previous.isDelete() || w.version() > previous.version()) {
                last.put(w.userId(), w);
            }
        }
        return new ArrayList<>(last.values());
    }
}
