package io.irisapi.mlflow;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelLoadException;
import io.irisapi.core.ModelManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Hot reload: every MODEL_POLL_INTERVAL, asks MLflow which version the MODEL_URI names and, when it is not the one
 * served, downloads it, checks it and swaps it in. A version that fails its checks is refused, logged and counted
 * once, and not downloaded again; MLflow being away is logged when it starts and ends, and never stops serving.
 *
 * <p>For a pinned version or a run this only matters while something else is served (the development fall-back):
 * once the pinned model is served, a poll costs nothing.
 */
public final class RegistryPoller implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryPoller.class);
    public static final String POLLS = "mlflow.polls";
    /** MLflow unreachable, or a version's download failed. */
    public static final String POLL_FAILURES = "mlflow.poll.failures";

    private final MlflowModelSource source;
    private final ModelManager models;
    /** Only the model-loader thread runs polls, so plain fields suffice. */
    private final Set<String> refused = new HashSet<>();
    private final Counter polls;
    private final Counter failures;
    private boolean reachable = true;

    public RegistryPoller(MlflowModelSource source, ModelManager models, MetricRegistry metrics) {
        this.source = source;
        this.models = models;
        this.polls = metrics.counter(POLLS);
        this.failures = metrics.counter(POLL_FAILURES);
    }

    @Override
    public void run() {
        try {
            poll();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: nothing may escape.
            LOG.error("Polling {} failed", source.describe(), e);
        } finally {
            polls.inc();
        }
    }

    private void poll() {
        Optional<IrisModel> served = models.current();
        if (served.isEmpty()) {
            return; // ModelManager's start-up loop is still retrying with back-off; it owns this phase
        }
        if (source.uri().pinnedVersion().filter(served.get().version()::equals).isPresent()) {
            return; // a pinned version never changes: no need to ask MLflow
        }
        MlflowModelSource.Target target;
        try {
            target = source.resolve();
            if (!reachable) {
                LOG.info("MLflow is reachable again: {}", source.describe());
                reachable = true;
            }
        } catch (MlflowException e) {
            failures.inc();
            if (reachable) {
                LOG.warn("Cannot check {} ({}); still serving version {}", source.uri(), e.getMessage(),
                        served.get().version());
                reachable = false;
            }
            return;
        }
        if (target.version().equals(served.get().version()) || refused.contains(target.version())) {
            return;
        }
        try {
            models.swap(source.load(target));
        } catch (ModelLoadException e) {
            refused.add(target.version());
            models.refused();
            LOG.error("Refused {}{}: {}; still serving version {} (this version will not be tried again)",
                    models.role().qualifier(), target.description(), e.getMessage(), served.get().version());
        } catch (MlflowException e) {
            failures.inc();
            LOG.warn("Could not download {} ({}); still serving version {}, retrying at the next poll",
                    target.description(), e.getMessage(), served.get().version());
        }
    }
}
