package io.irisapi.mlflow;

import io.irisapi.testing.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.irisapi.testing.ServiceProcess.KEY;
import static io.irisapi.testing.ServiceProcess.SETOSA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MLflow away: the service starts while the server is down (production: alive but not ready, until the model
 * arrives; development: serves MODEL_DIR's model and says so, then switches to MLflow's), and keeps serving when the
 * server stops later. In order: the second test continues with the services the first one started.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MlflowOutageIT {
    @RegisterExtension
    static final MlflowServer MLFLOW = MlflowServer.notStartedYet();

    private static ServiceProcess production;
    private static ServiceProcess development;

    @AfterAll
    static void stopServices() throws Exception {
        for (ServiceProcess service : new ServiceProcess[]{production, development}) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    @Order(1)
    void startUpWithMlflowDownWaitsInProductionAndFallsBackInDevelopment(@TempDir Path modelDir) throws Exception {
        ServiceProcess.Result local = ServiceProcess.run("train", "--output", modelDir.toString());
        assertThat(local.exitCode()).as(local.output()).isZero();
        Map<String, String> env = new HashMap<>(Map.of("MLFLOW_TRACKING_URI", MLFLOW.trackingUri(),
                "MODEL_URI", "models:/iris-classifier@champion", "MODEL_POLL_INTERVAL", "500ms",
                "API_KEY", KEY));
        env.put("ENVIRONMENT", "production");
        production = ServiceProcess.server(env);
        env.put("ENVIRONMENT", "development");
        env.put("MODEL_DIR", modelDir.toString());
        development = ServiceProcess.server(env);

        development.awaitReady();
        assertThat(development.servedVersion(KEY)).startsWith("sha256-");
        assertThat(development.output()).contains("Falling back to directory " + modelDir,
                "could not be loaded (development mode)", "is unreachable");

        production.awaitCondition("a few start-up attempts", () -> production.output().contains("(attempt 3)"));
        assertThat(production.readiness()).isEqualTo(503);
        assertThat(production.get("/health-check?type=alive", KEY).statusCode()).isEqualTo(200);
        assertThat(production.post("/predict", KEY, SETOSA).statusCode()).isEqualTo(503);

        MLFLOW.start();
        ServiceProcess.Result trained = ServiceProcess.run("train", "--mlflow", "--tracking-uri", MLFLOW.trackingUri(),
                "--output", modelDir.resolve("registered").toString());
        assertThat(trained.exitCode()).as(trained.output()).isZero();

        production.awaitReady();
        assertThat(production.servedVersion(KEY)).isEqualTo("1");
        development.awaitCondition("the development service to switch to MLflow's model", () -> {
            try {
                return "1".equals(development.servedVersion(KEY));
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    @Order(2)
    void requestsKeepSucceedingWhenMlflowStops() throws Exception {
        long failuresBefore = production.counter("mlflow.poll.failures");

        PredictLoad load = new PredictLoad(production);
        try (load) {
            MLFLOW.stop();
            production.awaitCondition("two failed polls", () -> {
                try {
                    return production.counter("mlflow.poll.failures") >= failuresBefore + 2;
                } catch (Exception e) {
                    return false;
                }
            });
            production.awaitPolls(2);
        }

        assertThat(load.failures()).as("failed requests after MLflow stopped").isEmpty();
        assertThat(load.answeredByVersion()).containsOnlyKeys("1");
        assertThat(production.readiness()).isEqualTo(200);
        assertThat(production.output()).containsOnlyOnce("Cannot check models:/iris-classifier@champion");
    }
}
