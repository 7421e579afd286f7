package io.irisapi.mlflow;

import io.irisapi.testing.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.irisapi.testing.ServiceProcess.KEY;
import static io.irisapi.testing.ServiceProcess.SETOSA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollout as users run it against a real MLflow server, with the packaged jar: a challenger registered by
 * {@code train --challenger} is served beside the champion and compared; {@code promote} refuses while its live
 * record is short, then promotes; {@code rollback} brings the old champion back; the service follows each move
 * within a poll, without a restart.
 */
class RolloutIT {
    @RegisterExtension
    static final MlflowServer MLFLOW = MlflowServer.started();

    private static ServiceProcess service;

    @TempDir
    Path output;

    @AfterAll
    static void stopService() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void shadowThenPromoteThenRollback() throws Exception {
        train("--algorithm", "Logistic");
        String registered = train("--algorithm", "J48", "--challenger");
        assertThat(registered).contains("iris-classifier@challenger -> version 2, beside champion version 1");
        service = ServiceProcess.server(Map.of("ENVIRONMENT", "production", "API_KEY", KEY,
                "MLFLOW_TRACKING_URI", MLFLOW.trackingUri(), "MODEL_URI", "models:/iris-classifier@champion",
                "MODEL_CHALLENGER_URI", "models:/iris-classifier@challenger", "MODEL_POLL_INTERVAL", "500ms"));
        service.awaitReady();
        service.awaitCondition("challenger loaded", () -> model().contains("\"challenger\":{"));

        for (int i = 0; i < 20; i++) {
            assertThat(service.post("/predict", KEY, SETOSA).headers().firstValue("X-Model-Version")).hasValue("1");
        }
        ServiceProcess.Result tooShort = promote("--min-rows", "100");
        assertThat(tooShort.exitCode()).isNotZero();
        assertThat(tooShort.output()).contains("promote: not promoted: only 20 rows compared on live traffic, at "
                + "least 100 needed");

        ServiceProcess.Result promoted = promote("--min-rows", "20", "--min-agreement", "0.9");
        assertThat(promoted.succeeded()).contains("iris-classifier@champion -> version 2 (previous: version 1)");
        service.awaitCondition("version 2 served", () -> servedVersion().equals("2"));
        assertThat(promote().output()).contains("challenger version 2 is already the champion");

        assertThat(rollback().succeeded()).contains("iris-classifier@champion -> version 1 (was 2)");
        service.awaitCondition("version 1 served again", () -> servedVersion().equals("1"));
        assertThat(rollback().output()).contains("nothing to roll back");

        // The challenger (still version 2) is compared again, from a new record; --force overrides a short one.
        for (int i = 0; i < 5; i++) {
            service.post("/predict", KEY, SETOSA);
        }
        ServiceProcess.Result forced = promote("--force");
        assertThat(forced.succeeded()).contains("promote --force: version 2 made champion despite: only 5 rows "
                + "compared on live traffic", "iris-classifier@champion -> version 2");
        assertThat(service.output()).doesNotContain("Exception");
    }

    private String train(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("train", "--mlflow", "--tracking-uri", MLFLOW.trackingUri(),
                "--output", output.toString()));
        command.addAll(List.of(args));
        return ServiceProcess.run(command.toArray(String[]::new)).succeeded();
    }

    private ServiceProcess.Result promote(String... gate) throws Exception {
        String[] command = new String[gate.length + 7];
        System.arraycopy(new String[] {"promote", "--tracking-uri", MLFLOW.trackingUri(), "--service",
                "http://127.0.0.1:" + service.port, "--api-key", KEY}, 0, command, 0, 7);
        System.arraycopy(gate, 0, command, 7, gate.length);
        return ServiceProcess.run(command);
    }

    private ServiceProcess.Result rollback() throws Exception {
        return ServiceProcess.run("rollback", "--tracking-uri", MLFLOW.trackingUri());
    }

    private String model() {
        try {
            return service.get("/model", KEY).body();
        } catch (Exception e) {
            return "";
        }
    }

    private String servedVersion() {
        try {
            return service.servedVersion(KEY);
        } catch (Exception e) {
            return "";
        }
    }
}
