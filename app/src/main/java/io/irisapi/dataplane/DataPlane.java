package io.irisapi.dataplane;

import io.irisapi.core.IrisDataset;
import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelManager;
import io.irisapi.core.Prediction;
import io.irisapi.core.RejectedException;
import io.irisapi.core.ScoringObserver;

import java.util.List;
import java.util.Optional;

/**
 * The questions every protocol asks of the one model served, answered once (as KServe's and MLServer's data planes
 * answer them): which model and version are served, whether one is ready, how many rows a request may hold, and the
 * scoring itself, which the observers (metrics, drift) are told of. The protocols only translate their wire forms
 * to these questions and the answers back.
 */
public final class DataPlane {
    /** The name every protocol serves the model under. */
    public static final String MODEL = "iris";

    private final ModelManager models;
    private final int maxBatchRows;
    private final ScoringObserver observer;

    public DataPlane(ModelManager models, int maxBatchRows, ScoringObserver observer) {
        this.models = models;
        this.maxBatchRows = maxBatchRows;
        this.observer = observer;
    }

    /** Reads a request's rows; {@code maxRows} is the batch limit, which a reader checks before building rows. */
    @FunctionalInterface
    public interface RowReader {
        List<double[]> read(int maxRows);
    }

    /** All rows answered by one model, the one served when scoring began, even if another is swapped in meanwhile. */
    public record Result(IrisModel model, List<Prediction> predictions) {
    }

    /** The model served, if one is loaded yet. */
    public Optional<IrisModel> served() {
        return models.current();
    }

    /** The model served; 503 (retry) before one is loaded. */
    public IrisModel ready() {
        return models.require();
    }

    /** 404 unless {@code name} is the served model's: routes that name it check this before reading a body. */
    public void requireName(String name) {
        if (!MODEL.equals(name)) {
            throw new RejectedException(404, null, "model '" + abbreviate(name)
                    + "' is not served here; the model is '" + MODEL + "'");
        }
    }

    /** The model named, at the version named (null: whichever is served): 404 for any other, 503 before one loads. */
    public IrisModel model(String name, String version) {
        requireName(name);
        IrisModel served = models.require();
        if (version != null && !version.equals(served.version())) {
            throw notServed(version, served);
        }
        return served;
    }

    /** The most rows a request may hold, for the documents that state it; requests are read with {@link #rows}. */
    public int maxBatchRows() {
        return maxBatchRows;
    }

    /** A request's rows, at most the batch limit of them. */
    public List<double[]> rows(RowReader reader) {
        return reader.read(maxBatchRows);
    }

    /** Scores the rows with the model served. */
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

    /**
     * Scores the rows with the version named (null: whichever is served): 404 if another was swapped in since the
     * route checked it with {@link #model}, since the caller asked for that version only.
     */
    public Result score(List<double[]> rows, String version) {
        Result result = score(rows);
        if (version != null && !version.equals(result.model().version())) {
            throw notServed(version, result.model());
        }
        return result;
    }

    private static RejectedException notServed(String version, IrisModel served) {
        return new RejectedException(404, null, "version '" + abbreviate(version) + "' of model '" + MODEL
                + "' is not served; the version served is '" + served.version() + "'");
    }

    /** Names from the request are echoed so the client sees which one is wrong, but never at length. */
    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
