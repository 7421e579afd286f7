package io.irisapi.metrics;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;

/**
 * Timers and histograms on Metrics' lock-free reservoir. The default one takes a read-write lock on every update,
 * and every request updates the same few timers (Jetty's instrumented handler): under load, request
 * threads queued on that lock (JFR: AbstractQueuedSynchronizer in the profile of {@code /predict}). Same snapshots.
 */
public class LockFreeMetricRegistry extends MetricRegistry {
    @Override
    public Timer timer(String name) {
        return timer(name, () -> new Timer(LockFreeExponentiallyDecayingReservoir.builder().build()));
    }

    @Override
    public Histogram histogram(String name) {
        return histogram(name, () -> new Histogram(LockFreeExponentiallyDecayingReservoir.builder().build()));
    }
}
