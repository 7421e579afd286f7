package io.irisapi.cli;

import io.dropwizard.core.cli.Cli;
import io.irisapi.mlflow.MlflowException;
import io.irisapi.mlflow.MlflowRegistry;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/** What the registry commands share: the tracking server's address, and their expected failures' messages. */
final class RegistryArguments {
    private RegistryArguments() {
    }

    static void trackingUri(Subparser subparser) {
        subparser.addArgument("--tracking-uri")
                .setDefault(System.getenv().getOrDefault("MLFLOW_TRACKING_URI", ""))
                .help("MLflow tracking server (default $MLFLOW_TRACKING_URI)");
    }

    static MlflowRegistry registry(Namespace namespace) {
        return new MlflowRegistry(namespace.getString("tracking_uri"));
    }

    /** A refusal, a registry error or an unreachable service is said in one line; anything else as usual. */
    static void onError(Cli cli, Namespace namespace, Throwable e, String command, Runnable otherwise) {
        if (e instanceof PromoteCommand.Refused) {
            cli.getStdErr().println(command + ": " + e.getMessage());
        } else if (e instanceof MlflowException
                || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            cli.getStdErr().println(command + " failed: " + e.getMessage());
        } else {
            otherwise.run();
        }
    }
}
