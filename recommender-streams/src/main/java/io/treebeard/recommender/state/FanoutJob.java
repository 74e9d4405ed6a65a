package io.treebeard.recommender.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The users a plan change still has to visit ({@code plan-fanout} store): index prefixes to scan, which one is being
 * scanned, and the last index key visited. The work is done a bounded slice at a time, so one change reaching many
 * users never holds a transaction open for long; the job is in a changelogged store, so it survives a restart.
 *
 * @param prefixes      index scans to do, each {@code store:prefix}
 * @param prefixIndex   the scan in progress
 * @param lastKey       the last index key visited in that scan, null to start from its beginning
 */
public record FanoutJob(List<String> prefixes, int prefixIndex, String lastKey) {

    public FanoutJob {
        prefixes = List.copyOf(prefixes);
    }

    /** A job that (re)starts every scan of this one plus {@code more}, so nothing changed is missed. */
    public FanoutJob restartedWith(List<String> more) {
        List<String> all = new ArrayList<>(prefixes);
        more.stream().filter(p -> !all.contains(p)).forEach(all::add);
        return new FanoutJob(all, 0, null);
    }

    /** True when every scan is done. */
    public boolean done() {
        return prefixIndex >= prefixes.size();
    }
}
