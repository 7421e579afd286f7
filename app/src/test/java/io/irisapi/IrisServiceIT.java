package io.irisapi;

import io.irisapi.core.Algorithm;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.Trainer;
import io.irisapi.core.WekaModels;
import io.irisapi.store.ModelDirectory;
import io.irisapi.testing.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.irisapi.testing.ServiceProcess.KEY;
import static io.irisapi.testing.ServiceProcess.SETOSA;
import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar as a process: train and serve, refuse to start, refuse bad models, drain on SIGTERM. */
class IrisServiceIT {

    @Test
    void trainedModelDirectoryIsServed(@TempDir Path dir) throws Exception {
        String report = ServiceProcess.run("train", "--algorithm", "J48", "--output", dir.toString()).succeeded();
        assertThat(report).contains("J48, 10-fold stratified cross-validation on 150 rows").contains("accuracy 0.9");

        try (ServiceProcess service = ServiceProcess.server(Map.of("API_KEY", KEY, "MODEL_DIR", dir.toString()))) {
            service.awaitReady(Duration.ofSeconds(60));

            assertThat(service.get("/model").statusCode()).as("needs a key").isEqualTo(401);
            HttpResponse<String> prediction = service.post("/predict", KEY, SETOSA);
            assertThat(prediction.statusCode()).isEqualTo(200);
            assertThat(prediction.body()).contains("\"prediction\":\"setosa\"");
            String version = prediction.headers().firstValue("X-Model-Version").orElseThrow();
            assertThat(version).startsWith("sha256-")
                    .isEqualTo(WekaModels.contentVersion(Files.readAllBytes(dir.resolve(ModelDirectory.MODEL_FILE))));
        }
    }

    @Test
    void productionWithoutAKeyRefusesToStart() throws Exception {
        try (ServiceProcess service = ServiceProcess.server(Map.of("ENVIRONMENT", "production"))) {
            assertThat(service.process.waitFor(60, TimeUnit.SECONDS)).as("exits").isTrue();
            assertThat(service.process.exitValue()).isNotZero();
            assertThat(service.output()).contains("API_KEY or API_KEY_FILE must be set when ENVIRONMENT=production");
        }
    }

    @Test
    void bothKeySourcesRefuseToStartNamingBoth() throws Exception {
        try (ServiceProcess service = ServiceProcess.server(Map.of("API_KEY", "one-key",
                "API_KEY_FILE", "/run/secrets/iris-api/API_KEY"))) {
            assertThat(service.process.waitFor(60, TimeUnit.SECONDS)).as("exits").isTrue();
            assertThat(service.process.exitValue()).isNotZero();
            assertThat(service.output()).contains("API_KEY and API_KEY_FILE are both set").doesNotContain("one-key");
        }
    }

    @Test
    void developmentWithoutAKeyPrintsAGeneratedOne() throws Exception {
        try (ServiceProcess service = ServiceProcess.server(Map.of())) {
            service.awaitReady(Duration.ofSeconds(60));
            String key = service.output().lines().filter(l -> l.contains("X-API-Key: ")).findFirst().orElseThrow()
                    .replaceAll(".*X-API-Key: ", "").trim();

            assertThat(service.post("/predict", key, SETOSA).statusCode()).isEqualTo(200);
            assertThat(service.output().split("X-API-Key: ", -1)).as("printed once").hasSize(2);
        }
    }

    @Test
    void foreignModelFileIsRefusedAndTheServiceKeepsServing(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new java.util.TreeMap<>(Map.of("not", "a model")));
        }
        Trainer.TrainedModel trained = Trainer.train(Algorithm.J48, IrisDataset.load());
        ModelDirectory.write(dir, bytes.toByteArray(), trained.metadata());

        try (ServiceProcess service = ServiceProcess.server(Map.of("API_KEY", KEY, "MODEL_URI", dir.toString()))) {
            service.awaitReady(Duration.ofSeconds(60));

            assertThat(service.output()).contains("Refused model from directory " + dir)
                    .contains("java.util.TreeMap").contains("Falling back to embedded");
            assertThat(service.post("/predict", KEY, SETOSA).headers().firstValue("X-Model-Version"))
                    .contains("embedded-logistic");
        }
    }

    @Test
    void productionStaysNotReadyUntilItsModelArrives(@TempDir Path root) throws Exception {
        Path dir = root.resolve("model");
        Map<String, String> env = Map.of("ENVIRONMENT", "production", "API_KEY", KEY, "MODEL_URI", dir.toString());
        try (ServiceProcess service = ServiceProcess.server(env)) {
            service.awaitStatus("/health-check?type=alive", 200, Duration.ofSeconds(60));

            assertThat(service.get("/health-check?type=ready").statusCode()).isEqualTo(503);
            assertThat(service.get("/health").statusCode()).isEqualTo(503);
            assertThat(service.get("/health").body()).contains("\"status\":\"unhealthy\"");
            HttpResponse<String> early = service.post("/predict", KEY, SETOSA);
            assertThat(early.statusCode()).isEqualTo(503);
            assertThat(early.headers().firstValue("Retry-After")).isPresent();

            Trainer.TrainedModel trained = Trainer.train(Algorithm.J48, IrisDataset.load());
            ModelDirectory.write(dir, trained.modelBytes(), trained.metadata());

            service.awaitReady(Duration.ofSeconds(45));
            assertThat(service.post("/predict", KEY, SETOSA).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void sigtermTurnsReadinessOffThenDrains() throws Exception {
        Map<String, String> env = Map.of("API_KEY", KEY, "SHUTDOWN_WAIT_PERIOD", "3s");
        try (ServiceProcess service = ServiceProcess.server(env)) {
            service.awaitReady(Duration.ofSeconds(60));

            service.process.destroy(); // SIGTERM, as the kubelet sends it
            service.awaitStatus("/health-check?type=ready", 503, Duration.ofSeconds(5));
            List<Integer> duringDrain = new ArrayList<>();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            while (System.nanoTime() < until) {
                duringDrain.add(service.post("/predict", KEY, SETOSA).statusCode());
            }

            assertThat(duringDrain).isNotEmpty().containsOnly(200);
            assertThat(service.process.waitFor(30, TimeUnit.SECONDS)).as("exits after draining").isTrue();
            assertThat(service.output()).contains("delayed shutdown: started");
        }
    }
}
