package io.irisapi.dataplane;

import io.irisapi.core.IrisDataset;
import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelRole;

import java.util.concurrent.atomic.LongAdder;

/**
 * A challenger's record on live traffic against one champion: for every row both scored, the pair (champion's
 * class, challenger's class), and the challenger's errors. A new record starts whenever either model changes, so
 * that the record {@code promote} judges is the one of the versions it would promote and replace. Client traffic
 * only: the service's warm-up requests are not recorded.
 */
public final class LiveRecord {
    private static final int CLASSES = IrisDataset.CLASS_LABELS.size();

    private final IrisModel champion;
    private final IrisModel challenger;
    /** Rows by champion class * CLASSES + challenger class. */
    private final LongAdder[] pairs = new LongAdder[CLASSES * CLASSES];
    private final LongAdder errors = new LongAdder();
    private final LongAdder[] requests = new LongAdder[ModelRole.values().length];

    LiveRecord(IrisModel champion, IrisModel challenger) {
        this.champion = champion;
        this.challenger = challenger;
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = new LongAdder();
        }
        for (int i = 0; i < requests.length; i++) {
            requests[i] = new LongAdder();
        }
    }

    boolean isOf(IrisModel servedChampion, IrisModel servedChallenger) {
        return champion == servedChampion && challenger == servedChallenger;
    }

    /** Adds one request's figures: counts by pair index, and whether the challenger failed on one of its rows. */
    void add(ModelRole answered, int[] pairCounts, boolean challengerFailed) {
        for (int i = 0; i < pairCounts.length; i++) {
            if (pairCounts[i] > 0) {
                pairs[i].add(pairCounts[i]);
            }
        }
        if (challengerFailed) {
            errors.increment();
        }
        requests[answered.ordinal()].increment();
    }

    static int pair(int championClass, int challengerClass) {
        return championClass * CLASSES + challengerClass;
    }

    public String championVersion() {
        return champion.version();
    }

    public String challengerVersion() {
        return challenger.version();
    }

    /** Rows the champion predicted as {@code championClass} and the challenger as {@code challengerClass}. */
    public long rows(int championClass, int challengerClass) {
        return pairs[pair(championClass, challengerClass)].sum();
    }

    /** Rows both models scored. */
    public long rowsCompared() {
        long sum = 0;
        for (LongAdder pair : pairs) {
            sum += pair.sum();
        }
        return sum;
    }

    /** Rows both models gave the same class. */
    public long agreements() {
        long sum = 0;
        for (int c = 0; c < CLASSES; c++) {
            sum += rows(c, c);
        }
        return sum;
    }

    /** Requests on which the challenger threw: it answered none of their rows, and they are not compared. */
    public long challengerErrors() {
        return errors.sum();
    }

    /** Client requests answered by each role while this record was kept. */
    public long requests(ModelRole role) {
        return requests[role.ordinal()].sum();
    }
}
