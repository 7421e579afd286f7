package io.irisapi.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.irisapi.mlflow.MlflowException;
import io.irisapi.mlflow.MlflowRegistry;
import io.irisapi.mlflow.Promotion;
import io.irisapi.mlflow.RegistryPublisher;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * {@code promote}: moves the champion alias to the challenger's version when the challenger's live record, read from
 * the running services' /model, passes the {@link PromotionGate}; the replaced champion is kept as
 * {@value Promotion#PREVIOUS} for {@code rollback}. Acts on the registry only.
 */
public class PromoteCommand extends Command {
    private static final Logger LOG = LoggerFactory.getLogger(PromoteCommand.class);

    public PromoteCommand() {
        super("promote", "Make the challenger the champion in MLflow when its live record passes the gate");
    }

    @Override
    public void configure(Subparser subparser) {
        RegistryArguments.trackingUri(subparser);
        subparser.addArgument("--service")
                .action(Arguments.append())
                .help("a running service (one per pod) whose /model holds the live record; repeat for each "
                        + "(default http://127.0.0.1:8000)");
        subparser.addArgument("--api-key")
                .setDefault(System.getenv().getOrDefault("API_KEY", ""))
                .help("the key for the services' /model (default $API_KEY)");
        subparser.addArgument("--min-rows")
                .type(Long.class)
                .setDefault(1000L)
                .help("rows compared on live traffic, summed over the services (default 1000)");
        subparser.addArgument("--min-agreement")
                .type(Double.class)
                .setDefault(0.95)
                .help("share of those rows on which both models agreed (default 0.95)");
        subparser.addArgument("--force")
                .action(Arguments.storeTrue())
                .help("promote even when the gate refuses (logged, with the reasons overridden)");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) {
        List<String> services = namespace.getList("service");
        if (services == null || services.isEmpty()) {
            services = List.of("http://127.0.0.1:8000");
        }
        try (MlflowRegistry registry = RegistryArguments.registry(namespace)) {
            Promotion promotion = new Promotion(registry);
            Promotion.Pair pair = promotion.pair();
            String champion = pair.champion().number();
            String challenger = pair.challenger().number();
            if (champion.equals(challenger)) {
                throw new Refused("challenger version " + challenger + " is already the champion");
            }
            LiveRecords.Sum live = LiveRecords.read(services, namespace.getString("api_key"), champion, challenger);
            live.services().forEach(line -> System.out.println("  " + line));
            System.out.printf("Live record of challenger %s against champion %s: %d rows compared, agreement %.4f,"
                    + " %d challenger errors%n", challenger, champion, live.rowsCompared(), live.agreement(),
                    live.challengerErrors());
            List<String> refusals = new PromotionGate(namespace.getLong("min_rows"),
                    namespace.getDouble("min_agreement")).refusals(pair, live);
            if (!refusals.isEmpty()) {
                if (!namespace.getBoolean("force")) {
                    throw new Refused("not promoted: " + String.join("; ", refusals));
                }
                LOG.warn("promote --force: version {} made champion despite: {}", challenger,
                        String.join("; ", refusals));
            }
            promotion.promote(pair);
            System.out.println(RegistryPublisher.REGISTERED_MODEL + "@" + RegistryPublisher.CHAMPION + " -> version "
                    + challenger + " (" + Promotion.PREVIOUS + ": version " + champion + "); the services follow "
                    + "within MODEL_POLL_INTERVAL");
        }
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        RegistryArguments.onError(cli, namespace, e, "promote", () -> super.onError(cli, namespace, e));
    }

    /** The gate said no, or there is nothing to promote: a message, not a stack trace. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }
}
