package io.irisapi.core;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;

import java.util.List;

/** Scores checked rows with the model being served, and counts predictions per class. Every protocol uses it. */
public class Scorer {
    private final ModelManager models;
    private final int maxBatchRows;
    private final Meter[] perClass;

    public Scorer(ModelManager models, int maxBatchRows, MetricRegistry metrics) {
        this.models = models;
        this.maxBatchRows = maxBatchRows;
        this.perClass = IrisDataset.CLASS_LABELS.stream()
                .map(label -> metrics.meter(MetricRegistry.name("predictions", label)))
                .toArray(Meter[]::new);
    }

    /** All rows answered by one model, the one served when scoring began, even if another is swapped in meanwhile. */
    public record Result(IrisModel model, List<Prediction> predictions) {
    }

    public Result score(List<double[]> rows) {
        IrisModel model = models.require();
        PredictionList predictions = new PredictionList(rows.size(), perClass.length);
        long[] counts = new long[perClass.length];
        for (double[] row : rows) {
            Prediction p = model.predict(row);
            counts[p.classIndex()]++;
            predictions.append(p);
        }
        // Once per class and request, not per row: a meter update costs more than scoring a row.
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                perClass[i].mark(counts[i]);
            }
        }
        return new Result(model, predictions);
    }

    public int maxBatchRows() {
        return maxBatchRows;
    }

    public ModelManager models() {
        return models;
    }
}
