package io.irisapi.mlflow;

import java.util.Optional;

/**
 * The registry's side of a rollout: the aliases {@value RegistryPublisher#CHAMPION}, {@value #CHALLENGER} and
 * {@value #PREVIOUS} of the registered model, and each version's offline accuracy. Promotion and rollback only move
 * aliases: the pods, which serve models:/...@champion and @challenger, follow within MODEL_POLL_INTERVAL.
 */
public final class Promotion {
    public static final String CHALLENGER = "challenger";
    /** The champion a promotion replaced: what {@link #rollback} brings back. */
    public static final String PREVIOUS = "previous";
    private static final String MODEL = RegistryPublisher.REGISTERED_MODEL;

    private final MlflowRegistry registry;

    public Promotion(MlflowRegistry registry) {
        this.registry = registry;
    }

    /** A version with its run's cross-validated accuracy, when the run recorded one. */
    public record Candidate(ModelVersion version, Optional<Double> accuracy) {
        public String number() {
            return version.version();
        }
    }

    /** The two versions a promotion would swap; throws when either alias is missing. */
    public record Pair(Candidate champion, Candidate challenger) {
    }

    public Pair pair() {
        return new Pair(candidate(RegistryPublisher.CHAMPION), candidate(CHALLENGER));
    }

    /** Champion to the challenger's version; the replaced champion kept as {@value #PREVIOUS}. */
    public void promote(Pair pair) {
        registry.setAlias(MODEL, PREVIOUS, pair.champion().number());
        registry.setAlias(MODEL, RegistryPublisher.CHAMPION, pair.challenger().number());
    }

    /**
     * Champion back to {@value #PREVIOUS}; returns the version it replaced. The challenger alias is left as it is:
     * if it named the version rolled back, that version is compared again, in shadow.
     */
    public ModelVersion rollback() {
        ModelVersion previous = alias(PREVIOUS);
        ModelVersion champion = alias(RegistryPublisher.CHAMPION);
        if (previous.version().equals(champion.version())) {
            throw new MlflowException(MODEL + "@" + RegistryPublisher.CHAMPION + " is already version "
                    + champion.version() + ", the " + PREVIOUS + " one: nothing to roll back");
        }
        registry.setAlias(MODEL, RegistryPublisher.CHAMPION, previous.version());
        return champion;
    }

    private Candidate candidate(String alias) {
        ModelVersion version = alias(alias);
        return new Candidate(version, version.runId() == null || version.runId().isBlank() ? Optional.empty()
                : registry.runMetric(version.runId(), "accuracy"));
    }

    private ModelVersion alias(String alias) {
        return registry.versionByAlias(MODEL, alias).orElseThrow(() -> new MlflowException(MODEL + "@" + alias
                + " is not set in MLflow at " + registry.trackingUri()));
    }
}
