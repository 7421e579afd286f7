package io.irisapi.dataplane;

import io.irisapi.core.IrisDataset;
import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelManager;
import io.irisapi.core.ModelRole;
import io.irisapi.core.Prediction;
import io.irisapi.core.RejectedException;
import io.irisapi.core.ScoringObserver;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The questions every protocol asks of the one model served, answered once (as KServe's and MLServer's data planes
 * answer them): which model and version are served, whether one is ready, how many rows a request may hold, and the
 * scoring itself, which the observers (metrics, drift) are told of. The protocols only translate their wire forms
 * to these questions and the answers back.
 *
 * <p>With a challenger ({@link Rollout}), this is also the one place that decides which model answers a request:
 * every row is scored by both, the pairs go to the {@link LiveRecord}, and the champion answers unless the request
 * is in the canary's share. The challenger is scored inline, one more scoring per row (no hand-off to another
 * thread costs less), and whatever it throws is caught and counted: it can neither fail nor change the champion's
 * answers.
 */
public final class DataPlane {
    /** The name every protocol serves the model under. */
    public static final String MODEL = "iris";

    private final ModelManager models;
    private final Rollout rollout;
    private final int maxBatchRows;
    private final ScoringObserver observer;
    private final RequestContext context;
    private final AtomicReference<LiveRecord> record = new AtomicReference<>();

    /** The champion alone. */
    public DataPlane(ModelManager models, int maxBatchRows, ScoringObserver observer) {
        this(models, Rollout.NONE, maxBatchRows, observer, RequestContext.NONE);
    }

    public DataPlane(ModelManager models, Rollout rollout, int maxBatchRows, ScoringObserver observer,
                     RequestContext context) {
        this.models = models;
        this.rollout = rollout;
        this.maxBatchRows = maxBatchRows;
        this.observer = observer;
        this.context = context;
    }

    /** Reads a request's rows; {@code maxRows} is the batch limit, which a reader checks before building rows. */
    @FunctionalInterface
    public interface RowReader {
        List<double[]> read(int maxRows);
    }

    /** All rows answered by one model, the one served when scoring began, even if another is swapped in meanwhile. */
    public record Result(IrisModel model, ModelRole role, List<Prediction> predictions) {
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

    /**
     * The model named, at the version named (null: the champion): 404 for any other, 503 before one loads. A canary's
     * challenger answers for its own version too, since its answers name it; a shadow's answers nobody.
     */
    public IrisModel model(String name, String version) {
        requireName(name);
        IrisModel champion = models.require();
        if (version == null || version.equals(champion.version())) {
            return champion;
        }
        IrisModel canary = canaryOf(champion);
        if (canary != null && version.equals(canary.version())) {
            return canary;
        }
        throw notServed(version, champion);
    }

    /** The rollout: its mode, share and challenger. */
    public Rollout rollout() {
        return rollout;
    }

    /** The challenger loaded, unless it is the champion's version (as right after a promotion). */
    public Optional<IrisModel> challenger() {
        return models.current().map(rollout::against);
    }

    /** The live record of the challenger against the champion, once both are loaded and a request was scored. */
    public Optional<LiveRecord> liveRecord() {
        IrisModel champion = models.current().orElse(null);
        LiveRecord current = record.get();
        return champion != null && current != null && current.isOf(champion, rollout.against(champion))
                ? Optional.of(current) : Optional.empty();
    }

    /** The most rows a request may hold, for the documents that state it; requests are read with {@link #rows}. */
    public int maxBatchRows() {
        return maxBatchRows;
    }

    /** A request's rows, at most the batch limit of them. */
    public List<double[]> rows(RowReader reader) {
        return reader.read(maxBatchRows);
    }

    /** Scores the rows with the champion, or with the challenger for a request in the canary's share. */
    public Result score(List<double[]> rows) {
        return score(rows, null);
    }

    /**
     * Scores the rows with the version named (null: as {@link #score(List)} decides): 404 if another was swapped in
     * since the route checked it with {@link #model}, since the caller asked for that version only.
     */
    public Result score(List<double[]> rows, String version) {
        IrisModel champion = models.require();
        IrisModel challenger = rollout.against(champion);
        if (challenger == null) {
            if (version != null && !version.equals(champion.version())) {
                throw notServed(version, champion);
            }
            return alone(champion, rows);
        }
        boolean canary;
        if (version == null) {
            canary = rollout.toChallenger(context.canaryKey());
        } else {
            canary = version.equals(challenger.version()) && canaryOf(champion) != null;
            if (!canary && !version.equals(champion.version())) {
                throw notServed(version, champion);
            }
        }
        return compared(champion, challenger, canary, rows);
    }

    private Result alone(IrisModel model, List<double[]> rows) {
        PredictionList predictions = new PredictionList(rows.size(), IrisDataset.CLASS_LABELS.size());
        long[] counts = new long[IrisDataset.CLASS_LABELS.size()];
        for (double[] row : rows) {
            Prediction p = model.predict(row);
            counts[p.classIndex()]++;
            predictions.append(p);
        }
        // Once per request, not per row: a counter update costs more than scoring a row.
        observer.scored(ModelRole.CHAMPION, model, rows, predictions, counts);
        return new Result(model, ModelRole.CHAMPION, predictions);
    }

    /**
     * Both models score every row; the champion's answers are kept unless the challenger answers ({@code canary})
     * and scored every row. Once the challenger throws, it scores no more rows of the request.
     */
    private Result compared(IrisModel champion, IrisModel challenger, boolean canary, List<double[]> rows) {
        int classes = IrisDataset.CLASS_LABELS.size();
        PredictionList championAnswers = new PredictionList(rows.size(), classes);
        PredictionList challengerAnswers = canary ? new PredictionList(rows.size(), classes) : null;
        long[] championCounts = new long[classes];
        long[] challengerCounts = new long[classes];
        int[] pairs = new int[classes * classes];
        boolean failed = false;
        for (double[] row : rows) {
            Prediction p = champion.predict(row);
            championCounts[p.classIndex()]++;
            championAnswers.append(p);
            if (!failed) {
                try {
                    Prediction q = challenger.predict(row);
                    pairs[LiveRecord.pair(p.classIndex(), q.classIndex())]++;
                    challengerCounts[q.classIndex()]++;
                    if (canary) {
                        challengerAnswers.append(q);
                    }
                } catch (RuntimeException e) {
                    failed = true;
                }
            }
        }
        boolean byChallenger = canary && !failed;
        ModelRole role = byChallenger ? ModelRole.CHALLENGER : ModelRole.CHAMPION;
        IrisModel model = byChallenger ? challenger : champion;
        if (context.isClientTraffic()) {
            int[] compared = failed ? new int[pairs.length] : pairs;
            boolean challengerFailed = failed;
            record(champion, challenger).ifPresent(live -> live.add(role, compared, challengerFailed));
        }
        PredictionList answers = byChallenger ? challengerAnswers : championAnswers;
        observer.scored(role, model, rows, answers, byChallenger ? challengerCounts : championCounts);
        return new Result(model, role, answers);
    }

    /**
     * The record of this pair of models: a new one when either has changed since the last request; none when one of
     * them was swapped out while this request was scored, so that a late request never restarts its successors'.
     */
    private Optional<LiveRecord> record(IrisModel champion, IrisModel challenger) {
        LiveRecord current = record.get();
        while (current == null || !current.isOf(champion, challenger)) {
            IrisModel served = models.current().orElse(null);
            if (served != champion || rollout.against(served) != challenger) {
                return Optional.empty();
            }
            LiveRecord fresh = new LiveRecord(champion, challenger);
            if (record.compareAndSet(current, fresh)) {
                return Optional.of(fresh);
            }
            current = record.get();
        }
        return Optional.of(current);
    }

    /** The challenger when it answers a canary's share of the requests. */
    private IrisModel canaryOf(IrisModel champion) {
        return rollout.hasCanaryShare() ? rollout.against(champion) : null;
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
