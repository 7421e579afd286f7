package io.irisapi.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.irisapi.mlflow.MlflowRegistry;
import io.irisapi.mlflow.ModelVersion;
import io.irisapi.mlflow.Promotion;
import io.irisapi.mlflow.RegistryPublisher;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/** {@code rollback}: moves the champion alias back to the version the last promotion replaced. */
public class RollbackCommand extends Command {
    public RollbackCommand() {
        super("rollback", "Move the champion in MLflow back to the version the last promotion replaced");
    }

    @Override
    public void configure(Subparser subparser) {
        RegistryArguments.trackingUri(subparser);
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) {
        try (MlflowRegistry registry = RegistryArguments.registry(namespace)) {
            ModelVersion replaced = new Promotion(registry).rollback();
            String champion = registry.versionByAlias(RegistryPublisher.REGISTERED_MODEL, RegistryPublisher.CHAMPION)
                    .map(ModelVersion::version).orElse("?");
            System.out.println(RegistryPublisher.REGISTERED_MODEL + "@" + RegistryPublisher.CHAMPION + " -> version "
                    + champion + " (was " + replaced.version() + "); the services follow within MODEL_POLL_INTERVAL");
        }
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        RegistryArguments.onError(cli, namespace, e, "rollback", () -> super.onError(cli, namespace, e));
    }
}
