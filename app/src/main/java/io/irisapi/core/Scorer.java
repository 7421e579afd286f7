package io.irisapi.core;

import java.util.List;

/** Scores checked rows with the model being served, and tells the observer what it scored. Every protocol uses it. */
public class Scorer {
    private final ModelManager models;
    private final int maxBatchRows;
    private final ScoringObserver observer;

    public Scorer(ModelManager models, int maxBatchRows, ScoringObserver observer) {
        this.models = models;
        this.maxBatchRows = maxBatchRows;
        this.observer = observer;
    }

    /** All rows answered by one model, the one served when scoring began, even if another is swapped in meanwhile. */
    public record Result(IrisModel model, List<Prediction> predictions) {
    }

    public Result score(List<double[]> rows) {
        IrisModel model = models.require();
        PredictionList predictions = new PredictionList(rows.size(), IrisDataset.CLASS_LABELS.size());
        long[] counts = new long[IrisDataset.CLASS_LABELS.size()];
        for (double[] row : rows) {
            Prediction p = model.predict(row);
            counts[p.classIndex()]++;
            predictions.append(p);
        }
        // Once per request, not per row: a counter update costs more than scoring a row.
        observer.scored(model, rows, counts);
        return new Result(model, predictions);
    }

    public int maxBatchRows() {
        return maxBatchRows;
    }

    public ModelManager models() {
        return models;
    }
}
