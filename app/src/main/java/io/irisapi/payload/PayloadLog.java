package io.irisapi.payload;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.jackson.Jackson;
import io.irisapi.auth.WarmupKey;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelRole;
import io.irisapi.core.Prediction;
import io.irisapi.core.ScoringObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Writes a sample of the scored rows, one JSON line each, to the logger {@value #LOGGER} (its own appender in
 * iris-api.yml, so that an operator ships it apart or turns it off): the row, the answer, the answering model's role
 * and version, the time and the request id. Nothing else of the request (no key, no header) is written. The
 * service's own warm-up requests are never sampled. At most {@link PayloadSettings#getMaxRowsPerSecond} lines a
 * second. The format is what {@code train --data} reads (docs/mlflow.md).
 */
public final class PayloadLog implements ScoringObserver {
    public static final String LOGGER = "iris.payloads";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final ObjectMapper JSON = Jackson.newObjectMapper();

    private final double rate;
    private final int maxPerSecond;
    private final LongSupplier clock;
    /** The second being counted (since the epoch), and the lines written in it. */
    private final AtomicLong second = new AtomicLong();
    private final AtomicLong written = new AtomicLong();

    public PayloadLog(PayloadSettings settings) {
        this(settings.getSampleRate(), settings.getMaxRowsPerSecond(), System::currentTimeMillis);
    }

    PayloadLog(double rate, int maxPerSecond, LongSupplier clock) {
        this.rate = rate;
        this.maxPerSecond = maxPerSecond;
        this.clock = clock;
    }

    @Override
    public void scored(ModelRole role, IrisModel model, List<double[]> rows, List<Prediction> predictions,
                       long[] classCounts) {
        if (WarmupKey.isWarmupRequest() || !LOG.isInfoEnabled()) {
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < rows.size(); i++) {
            if (random.nextDouble() < rate && admit()) {
                LOG.info(line(role, model, rows.get(i), predictions.get(i)));
            }
        }
    }

    /** Whether this second's allowance has a line left. */
    private boolean admit() {
        long now = clock.getAsLong() / 1000;
        long current = second.get();
        if (now != current && second.compareAndSet(current, now)) {
            written.set(0);
        }
        return written.incrementAndGet() <= maxPerSecond;
    }

    private static String line(ModelRole role, IrisModel model, double[] row, Prediction p) {
        ObjectNode line = JSON.createObjectNode();
        line.put("timestamp", Instant.now().toString());
        line.put("request_id", MDC.get("requestId"));
        line.put("model_role", role.label());
        line.put("model_version", model.version());
        ObjectNode features = line.putObject("features");
        for (int f = 0; f < IrisDataset.FEATURE_NAMES.size(); f++) {
            features.put(IrisDataset.FEATURE_NAMES.get(f), row[f]);
        }
        line.put("prediction", p.label());
        ObjectNode probabilities = line.putObject("probabilities");
        for (int c = 0; c < IrisDataset.CLASS_LABELS.size(); c++) {
            probabilities.put(IrisDataset.CLASS_LABELS.get(c), p.probabilities()[c]);
        }
        return line.toString();
    }
}
