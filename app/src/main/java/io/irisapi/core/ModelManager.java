package io.irisapi.core;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Holds the model being served and loads it in the background, so that the HTTP server (and liveness) is up at once
 * while readiness waits for the model. A request reads {@link #current()} once and is answered wholly by that model;
 * a new model replaces the old in one atomic swap.
 */
public class ModelManager implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ModelManager.class);
    /**
     * Models swapped in, and models refused by their checks (at start-up or, by the MLflow poller, later): the
     * champion's; the challenger's are {@link #CHALLENGER_LOADS} and {@link #CHALLENGER_REFUSALS}.
     */
    public static final String LOADS = "model.loads";
    public static final String REFUSALS = "model.refusals";
    public static final String CHALLENGER_LOADS = "challenger.loads";
    public static final String CHALLENGER_REFUSALS = "challenger.refusals";

    private final ModelRole role;
    private final ModelSource primary;
    private final Optional<ModelSource> fallback;
    private final Duration maxRetryDelay;
    private final AtomicReference<IrisModel> current = new AtomicReference<>();
    private final List<Consumer<IrisModel>> swapListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "model-loader");
        thread.setDaemon(true);
        return thread;
    });
    private final Timer loadTimer;
    private final Counter loads;
    private final Counter refusals;

    /**
     * @param primary       the configured source
     * @param fallback      served when the primary fails at start-up (development); empty means retry until it loads
     * @param maxRetryDelay upper bound of the exponential back-off between start-up attempts
     */
    public ModelManager(ModelSource primary, Optional<ModelSource> fallback, Duration maxRetryDelay,
                        MetricRegistry metrics) {
        this(ModelRole.CHAMPION, primary, fallback, maxRetryDelay, metrics);
    }

    /** @param role whose model this manager holds: it names the metrics and the log lines */
    public ModelManager(ModelRole role, ModelSource primary, Optional<ModelSource> fallback, Duration maxRetryDelay,
                        MetricRegistry metrics) {
        boolean champion = role == ModelRole.CHAMPION;
        this.role = role;
        this.primary = primary;
        this.fallback = fallback;
        this.maxRetryDelay = maxRetryDelay;
        this.loadTimer = metrics.timer(MetricRegistry.name(champion ? "model" : "challenger", "load"));
        this.loads = metrics.counter(champion ? LOADS : CHALLENGER_LOADS);
        this.refusals = metrics.counter(champion ? REFUSALS : CHALLENGER_REFUSALS);
    }

    public ModelRole role() {
        return role;
    }

    public Optional<IrisModel> current() {
        return Optional.ofNullable(current.get());
    }

    /** The model to answer one request with; throws a 503 {@link RejectedException} before the first load. */
    public IrisModel require() {
        IrisModel model = current.get();
        if (model == null) {
            throw RejectedException.notReady();
        }
        return model;
    }

    public void onSwap(Consumer<IrisModel> listener) {
        swapListeners.add(listener);
    }

    @Override
    public void start() {
        executor.execute(() -> loadAtStartUp(1, 500));
    }

    @Override
    public void stop() {
        executor.shutdownNow();
    }

    /** Runs a task on the loader thread, after the given delay: the MLflow poller uses it to stay on one thread. */
    public void scheduleWithFixedDelay(Runnable task, Duration interval) {
        long ms = interval.toMilliseconds();
        executor.scheduleWithFixedDelay(task, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void loadAtStartUp(int attempt, long delayMs) {
        Optional<IrisModel> loaded = tryLoad(primary);
        if (loaded.isPresent()) {
            swap(loaded.get());
            return;
        }
        if (fallback.isPresent()) {
            LOG.warn("Falling back to {} because {} could not be loaded (development mode)",
                    fallback.get().describe(), primary.describe());
            tryLoad(fallback.get()).ifPresent(this::swap);
            return;
        }
        long next = Math.min(delayMs * 2, maxRetryDelay.toMilliseconds());
        if (role == ModelRole.CHAMPION) {
            LOG.warn("Model not loaded (attempt {}); staying not-ready and retrying in {} ms", attempt, delayMs);
        } else {
            LOG.warn("Challenger not loaded (attempt {}); the champion serves alone, retrying in {} ms", attempt,
                    delayMs);
        }
        executor.schedule(() -> loadAtStartUp(attempt + 1, next), delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Loads from a source, timing it; a failure is logged, and the current model keeps serving. Only a model that
     * failed its checks counts as refused: a registry that is away, or an alias not set yet (a challenger before the
     * first one is registered), is not a model, and the refusal alerts would cry wolf.
     */
    public Optional<IrisModel> tryLoad(ModelSource source) {
        try (Timer.Context ignored = loadTimer.time()) {
            return Optional.of(source.load());
        } catch (ModelLoadException e) {
            refusals.inc();
            LOG.error("Refused {}model from {}: {}", role.qualifier(), source.describe(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Could not load the {}model from {}: {}", role.qualifier(), source.describe(), e.getMessage());
        }
        return Optional.empty();
    }

    /** Counts a model refused by its checks after start-up (the MLflow poller's refusals). */
    public void refused() {
        refusals.inc();
    }

    public void swap(IrisModel model) {
        IrisModel previous = current.getAndSet(model);
        loads.inc();
        LOG.info("Serving {}model version {} ({}, {}), previously {}", role.qualifier(), model.version(),
                model.metadata().algorithm(), model.source(), previous == null ? "none" : previous.version());
        new ArrayList<>(swapListeners).forEach(listener -> listener.accept(model));
    }
}
