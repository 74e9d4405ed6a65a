package io.treebeard.recommender.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The users a plan change still has to visit ({@code plan-fanout} store), worked off a bounded slice at a time so one
 * change reaching many users never holds a transaction open for long; the job is in a changelogged store, so it
 * survives a restart.
 *
 * <p>A job walks its index scans in order. When the plan changes again mid-walk, the job does not start over (a plan
 * changing faster than one walk would then never get past its first users): it continues from where it is, wraps
 * around to the first scan, and stops when it is back at that point, so every user is visited at least once after
 * the latest change.
 *
 * @param prefixes    index scans to do, each {@code store:prefix}
 * @param prefixIndex the scan in progress
 * @param lastKey     the last index key visited in that scan, null at its beginning
 * @param wrapped     true once the walk went past the last scan and started again from the first
 * @param stopIndex   with {@code wrapped}: the scan where the walk ends (-1 for "at the end")
 * @param stopKey     with {@code wrapped}: the last key to visit in that scan (null: stop before the scan)
 * @param commitMs    source commit time (epoch ms) of the earliest plan change the walk carries, for the
 *                    {@code treebeard-commit-ms} header of the documents it makes; null when unknown (a job stored
 *                    before the field existed, or a change without the header)
 */
public record FanoutJob(List<String> prefixes, int prefixIndex, String lastKey, boolean wrapped, int stopIndex, String stopKey,
        Long commitMs) {

    public FanoutJob {
        prefixes = List.copyOf(prefixes);
    }

    /** A fresh walk over {@code prefixes} for a plan change committed at {@code commitMs} (null if unknown). */
    public static FanoutJob start(List<String> prefixes, Long commitMs) {
        return new FanoutJob(prefixes, 0, null, false, -1, null, commitMs);
    }

    /**
     * This job after the plan changed again (committed at {@code changeCommitMs}): the scans of both, a full lap from the
     * current position, and the earlier commit time, since the documents of the lap reflect both changes.
     */
    public FanoutJob restartedWith(List<String> more, Long changeCommitMs) {
        List<String> all = new ArrayList<>(prefixes);
        more.stream().filter(p -> !all.contains(p)).forEach(all::add);
        Long earliest = commitMs;
        if (earliest == null || (changeCommitMs != null && changeCommitMs < earliest)) {
            earliest = changeCommitMs;
        }
        if (prefixIndex == 0 && lastKey == null && !wrapped) {
            return start(all, earliest);
        }
        return new FanoutJob(all, prefixIndex, lastKey, false, prefixIndex, lastKey, earliest);
    }

    /** The job after visiting up to {@code key} in the current scan. */
    public FanoutJob visitedUpTo(String key) {
        return new FanoutJob(prefixes, prefixIndex, key, wrapped, stopIndex, stopKey, commitMs);
    }

    /** The job after finishing the current scan: the next one, or a wrap to the first when a lap was requested. */
    public FanoutJob nextScan() {
        int next = prefixIndex + 1;
        if (next >= prefixes.size() && !wrapped && stopIndex >= 0) {
            return new FanoutJob(prefixes, 0, null, true, stopIndex, stopKey, commitMs);
        }
        return new FanoutJob(prefixes, next, null, wrapped, stopIndex, stopKey, commitMs);
    }

    /** True when every user has been visited since the latest change. */
    public boolean done() {
        if (wrapped) {
            return prefixIndex > stopIndex || (prefixIndex == stopIndex && stopKey == null);
        }
        return prefixIndex >= prefixes.size();
    }

    /** Whether {@code key} of the current scan lies past where the lap ends (so it must not be visited again). */
    public boolean beyondStop(String key) {
        return wrapped && prefixIndex == stopIndex && stopKey != null && key.compareTo(stopKey) > 0;
    }
}
