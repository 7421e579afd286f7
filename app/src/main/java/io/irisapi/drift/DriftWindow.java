package io.irisapi.drift;

import io.irisapi.core.IrisDataset;
import io.irisapi.core.ReferenceDistribution;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * The rows scored over the last window, counted into the reference's bins per feature and by predicted class, in
 * {@link #SLOTS} time slots: the window slides one slot at a time, dropping the oldest. Writers add to the current
 * slot without locks; moving to the next slot (clearing it first) is done by whichever caller finds it due.
 */
final class DriftWindow {
    static final int SLOTS = 10;

    private final ReferenceDistribution reference;
    private final double[][] edges;
    private final double[][] featureShares;
    private final double[] classShares;
    private final int[] featureOffset;
    private final int classOffset;
    private final int rowsIndex;
    private final AtomicLongArray[] slots;
    private final long slotNanos;
    private final LongSupplier nanoClock;
    private volatile int current;
    private volatile long nextRotation;

    DriftWindow(ReferenceDistribution reference, long windowNanos, LongSupplier nanoClock) {
        this.reference = reference;
        int features = IrisDataset.FEATURE_NAMES.size();
        edges = new double[features][];
        featureShares = new double[features][];
        featureOffset = new int[features];
        int width = 0;
        for (int f = 0; f < features; f++) {
            ReferenceDistribution.Bins bins = reference.features().get(IrisDataset.FEATURE_NAMES.get(f));
            edges[f] = bins.edges().stream().mapToDouble(Double::doubleValue).toArray();
            featureShares[f] = bins.shares().stream().mapToDouble(Double::doubleValue).toArray();
            featureOffset[f] = width;
            width += featureShares[f].length;
        }
        classShares = IrisDataset.CLASS_LABELS.stream().mapToDouble(reference.classShares()::get).toArray();
        classOffset = width;
        rowsIndex = classOffset + classShares.length;
        slots = new AtomicLongArray[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new AtomicLongArray(rowsIndex + 1);
        }
        this.slotNanos = Math.max(1, windowNanos / SLOTS);
        this.nanoClock = nanoClock;
        this.nextRotation = nanoClock.getAsLong() + slotNanos;
    }

    ReferenceDistribution reference() {
        return reference;
    }

    void add(List<double[]> rows, long[] classCounts) {
        // Counted locally first: a batch's thousand rows then cost a few dozen atomic adds, not four thousand.
        long[] counts = new long[rowsIndex + 1];
        for (double[] row : rows) {
            for (int f = 0; f < edges.length; f++) {
                counts[featureOffset[f] + ReferenceDistribution.bin(edges[f], row[f])]++;
            }
        }
        System.arraycopy(classCounts, 0, counts, classOffset, classShares.length);
        counts[rowsIndex] = rows.size();
        rotateIfDue();
        AtomicLongArray slot = slots[current];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                slot.addAndGet(i, counts[i]);
            }
        }
    }

    DriftSnapshot snapshot() {
        rotateIfDue();
        long[] total = new long[rowsIndex + 1];
        for (AtomicLongArray slot : slots) {
            for (int i = 0; i < total.length; i++) {
                total[i] += slot.get(i);
            }
        }
        long rows = total[rowsIndex];
        double[] featurePsi = new double[edges.length];
        for (int f = 0; f < edges.length; f++) {
            featurePsi[f] = Psi.of(featureShares[f], total, featureOffset[f], rows);
        }
        return new DriftSnapshot(rows, featurePsi, Psi.of(classShares, total, classOffset, rows));
    }

    private void rotateIfDue() {
        long now = nanoClock.getAsLong();
        if (now - nextRotation < 0) {
            return;
        }
        synchronized (this) {
            // After an idle stretch longer than the window, every slot is stale: one pass clears them all.
            for (int step = 0; now - nextRotation >= 0 && step < SLOTS; step++) {
                int next = (current + 1) % SLOTS;
                for (int i = 0; i <= rowsIndex; i++) {
                    slots[next].set(i, 0);
                }
                current = next;
                nextRotation += slotNanos;
            }
            if (now - nextRotation >= 0) {
                nextRotation = now + slotNanos;
            }
        }
    }
}
