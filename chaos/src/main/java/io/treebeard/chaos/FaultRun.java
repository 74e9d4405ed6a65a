package io.treebeard.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One injection of one fault and its verdict.
 *
 * @param fault            the fault
 * @param run              its number (1-based)
 * @param outage           how long the part was down or unreachable (fault to ready again)
 * @param during           writes and reads from the fault until the part was ready again
 * @param lost             acknowledged writes the source does not hold
 * @param phantom          rejected writes the source holds
 * @param zeroDrift        whether the audit reached zero drift
 * @param timeToZeroDrift  from the end of the load (the part was back) to the first clean audit
 * @param driftNote        the last audit's summary when it did not reach zero drift
 * @param violations       read rules of the fault broken while it lasted (Redis down: any read error; PostgreSQL
 *                         down: a 5xx other than 503 with Retry-After, or no hit served)
 */
record FaultRun(Fault fault, int run, Duration outage, Window during, List<String> lost, List<String> phantom, boolean zeroDrift,
        Duration timeToZeroDrift, String driftNote, List<String> violations) {

    boolean passed() {
        return lost.isEmpty() && phantom.isEmpty() && zeroDrift && violations.isEmpty();
    }

    Map<String, Long> readErrors() {
        return during.readErrorCounts();
    }
}
