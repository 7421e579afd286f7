package io.irisapi.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.irisapi.core.Algorithm;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.ModelMetadata;
import io.irisapi.core.Trainer;
import io.irisapi.core.WekaModels;
import io.irisapi.mlflow.MlflowException;
import io.irisapi.mlflow.MlflowRegistry;
import io.irisapi.mlflow.Promotion;
import io.irisapi.mlflow.RegistryPublisher;
import io.irisapi.store.ModelDirectory;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import weka.core.Instances;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code train}: fits a model on Iris (and the labelled rows of {@code --data}), cross-validates it, and writes a directory that MODEL_DIR can serve; with
 * {@code --mlflow} (or MLFLOW_TRACKING_URI set) it also logs the run to MLflow and registers a new model version.
 */
public class TrainCommand extends Command {
    public TrainCommand() {
        super("train", "Train and cross-validate a model, and write model.bin and metadata.json");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--algorithm")
                .setDefault(Algorithm.DEFAULT.wekaName())
                .help("one of " + Arrays.stream(Algorithm.values()).map(Algorithm::wekaName).toList()
                        + " (default " + Algorithm.DEFAULT.wekaName() + ")");
        subparser.addArgument("--data")
                .help("a payload log (JSON lines, docs/mlflow.md) whose labelled lines are added to the Iris rows");
        subparser.addArgument("--output")
                .setDefault("model")
                .help("directory to write the model to (default ./model)");
        subparser.addArgument("--mlflow")
                .action(Arguments.storeTrue())
                .help("also log the run to MLflow and register a version of " + RegistryPublisher.REGISTERED_MODEL
                        + " (implied when MLFLOW_TRACKING_URI is set)");
        subparser.addArgument("--tracking-uri")
                .setDefault(System.getenv().getOrDefault("MLFLOW_TRACKING_URI", ""))
                .help("MLflow tracking server (default $MLFLOW_TRACKING_URI)");
        subparser.addArgument("--challenger")
                .action(Arguments.storeTrue())
                .help("point the alias " + Promotion.CHALLENGER + " at the new version instead (once there is a "
                        + "champion), to be judged on live traffic and moved by the promote command");
        subparser.addArgument("--promote")
                .action(Arguments.storeTrue())
                .help("move the alias " + RegistryPublisher.CHAMPION + " to the new version even if it does not beat"
                        + " the champion's accuracy");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        Algorithm algorithm = Algorithm.parse(namespace.getString("algorithm"));
        Instances data = IrisDataset.load();
        String file = namespace.getString("data");
        if (file != null) {
            LabelledRows.Read read = LabelledRows.addTo(data, Path.of(file));
            data = read.data();
            System.out.println("Added " + read.added() + " labelled rows from " + file + " (" + read.skipped()
                    + " lines without a label skipped)");
        }
        Trainer.TrainedModel trained = Trainer.train(algorithm, data);
        Path output = Path.of(namespace.getString("output"));
        ModelDirectory.write(output, trained.modelBytes(), trained.metadata());
        System.out.println(report(trained.metadata()));
        System.out.println("Model " + WekaModels.contentVersion(trained.modelBytes()) + " written to "
                + output.toAbsolutePath() + " (serve it with MODEL_DIR=" + output + ")");

        String trackingUri = namespace.getString("tracking_uri");
        if (namespace.getBoolean("mlflow") || !trackingUri.isBlank()) {
            try (MlflowRegistry registry = new MlflowRegistry(trackingUri)) {
                RegistryPublisher.Publication published = new RegistryPublisher(registry)
                        .publish(trained, namespace.getBoolean("promote"), namespace.getBoolean("challenger"));
                System.out.println("MLflow run " + published.runId() + " at " + registry.trackingUri());
                System.out.println("Registered " + published.modelUri() + " (version " + published.version().version()
                        + ", " + published.version().status() + ")");
                System.out.println((published.promoted() ? "Alias " + RegistryPublisher.CHAMPION + " -> version "
                        + published.version().version() + ": " : "Not promoted: ") + published.decision());
                System.out.println("Serve it with MODEL_URI=models:/" + RegistryPublisher.REGISTERED_MODEL + "@"
                        + RegistryPublisher.CHAMPION + " (or " + published.modelUri() + ") and MLFLOW_TRACKING_URI="
                        + registry.trackingUri());
            }
        }
    }

    /** A refused or unreachable MLflow is an expected failure: say what happened without a stack trace. */
    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (e instanceof MlflowException || e instanceof IllegalArgumentException
                || e instanceof UncheckedIOException) {
            cli.getStdErr().println("train failed: " + e.getMessage());
        } else {
            super.onError(cli, namespace, e);
        }
    }

    static String report(ModelMetadata metadata) {
        ModelMetadata.Metrics m = metadata.metrics();
        StringBuilder out = new StringBuilder();
        out.append(String.format("%s, %d-fold stratified cross-validation on %d rows%n",
                metadata.algorithm(), m.folds(), metadata.trainingRows()));
        out.append(String.format("  accuracy %.4f   kappa %.4f%n", m.accuracy(), m.kappa()));
        out.append(String.format("  %-12s %9s %9s %9s%n", "class", "precision", "recall", "f1"));
        for (Map.Entry<String, ModelMetadata.ClassMetrics> e : m.perClass().entrySet()) {
            out.append(String.format("  %-12s %9.4f %9.4f %9.4f%n", e.getKey(),
                    e.getValue().precision(), e.getValue().recall(), e.getValue().f1()));
        }
        out.append("  confusion matrix (rows: actual, columns: predicted ").append(metadata.classLabels()).append(")\n");
        for (List<Integer> row : m.confusionMatrix()) {
            out.append("    ").append(row).append('\n');
        }
        return out.toString();
    }
}
