package io.treebeard.projector.core;

import java.time.Instant;
import java.util.List;

/**
 * What one record becomes.
 *
 * @param redis      the Redis writes, in order
 * @param row        the read-model change, or null when the record does not touch {@code recommendations}
 * @param sourceTime when the change happened at its source (commit time, or generation time for documents), or null
 */
public record Projected(List<RedisWrite> redis, RowWrite row, Instant sourceTime) {

    /** Nothing to do (a replayed change already applied). */
    public static final Projected NOTHING = new Projected(List.of(), null, null);

    public Projected {
        redis = List.copyOf(redis);
    }
}
