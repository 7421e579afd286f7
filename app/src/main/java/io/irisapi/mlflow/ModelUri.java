package io.irisapi.mlflow;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MODEL_URI that MLflow resolves: {@code models:/name@alias}, {@code models:/name/version} or
 * {@code runs:/run_id/path}. Exactly one of alias, version and runId is set.
 */
public record ModelUri(String text, String name, String alias, String version, String runId, String path) {
    private static final Pattern MODELS = Pattern.compile("models:/([^/@]+)(?:@([\\w-]+)|/(\\d+))");
    private static final Pattern RUNS = Pattern.compile("runs:/([0-9a-f]+)/(.+)");

    /** Empty when the text is not an MLflow URI at all (a local directory); throws when it is one but malformed. */
    public static Optional<ModelUri> parse(String text) {
        if (!text.startsWith("models:/") && !text.startsWith("runs:/")) {
            return Optional.empty();
        }
        Matcher models = MODELS.matcher(text);
        if (models.matches()) {
            return Optional.of(new ModelUri(text, models.group(1), models.group(2), models.group(3), null, null));
        }
        Matcher runs = RUNS.matcher(text);
        if (runs.matches()) {
            return Optional.of(new ModelUri(text, null, null, null, runs.group(1), runs.group(2).replaceAll("/+$", "")));
        }
        throw new IllegalArgumentException("MODEL_URI " + text + " is not models:/NAME@ALIAS, models:/NAME/VERSION"
                + " or runs:/RUN_ID/PATH");
    }

    /** Only an alias can move to another version; a pinned version or a run's artifacts never change. */
    public boolean isAlias() {
        return alias != null;
    }

    /** The version a pinned URI always names (a run's id for runs:/), known without asking MLflow. */
    public Optional<String> pinnedVersion() {
        return Optional.ofNullable(version != null ? version : runId);
    }

    @Override
    public String toString() {
        return text;
    }
}
