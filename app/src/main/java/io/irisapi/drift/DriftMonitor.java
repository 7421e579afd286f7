package io.irisapi.drift;

import io.dropwizard.util.Duration;
import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelRole;
import io.irisapi.core.Prediction;
import io.irisapi.core.ReferenceDistribution;
import io.irisapi.core.ScoringObserver;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Input drift of the model being served: its scored rows over a sliding window against the training distribution in
 * its metadata. A new model starts an empty window; a model whose metadata has no reference has no drift to report.
 */
public final class DriftMonitor implements ScoringObserver {
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final AtomicReference<DriftWindow> window = new AtomicReference<>();

    public DriftMonitor(Duration window) {
        this(window, System::nanoTime);
    }

    DriftMonitor(Duration window, LongSupplier nanoClock) {
        this.windowNanos = window.toNanoseconds();
        this.nanoClock = nanoClock;
    }

    /** Called on each model swap. */
    public void serve(IrisModel model) {
        ReferenceDistribution reference = model.metadata().reference();
        window.set(reference == null ? null : new DriftWindow(reference, windowNanos, nanoClock));
    }

    @Override
    public void scored(ModelRole role, IrisModel model, List<double[]> rows,
                       List<Prediction> predictions, long[] classCounts) {
        DriftWindow current = window.get();
        // Rows of a model being swapped out are not counted against its successor's reference.
        if (current != null && current.reference() == model.metadata().reference()) {
            current.add(rows, classCounts);
        }
    }

    /** Empty while no model with a reference distribution is served. */
    public Optional<DriftSnapshot> snapshot() {
        return Optional.ofNullable(window.get()).map(DriftWindow::snapshot);
    }
}
