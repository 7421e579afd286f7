package io.irisapi.core;

import java.util.List;

/** Told of every scored request, once: the metrics count its predictions per class and its rows for drift. */
public interface ScoringObserver {
    ScoringObserver NONE = (role, model, rows, predictions, classCounts) -> { };

    /**
     * @param role        the answering model's role: the champion, or the challenger in a canary
     * @param model       the model that answered every row
     * @param rows        the checked feature rows, in {@link IrisDataset#FEATURE_NAMES} order
     * @param predictions the answers the client gets, one per row
     * @param classCounts how many rows were predicted as each class, by class index
     */
    void scored(ModelRole role, IrisModel model, List<double[]> rows, List<Prediction> predictions,
                long[] classCounts);

    /** This observer, then {@code next}. */
    default ScoringObserver andThen(ScoringObserver next) {
        return (role, model, rows, predictions, classCounts) -> {
            scored(role, model, rows, predictions, classCounts);
            next.scored(role, model, rows, predictions, classCounts);
        };
    }
}
