package io.irisapi.mlflow;

import io.irisapi.core.Algorithm;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.IrisModel;
import io.irisapi.core.Trainer;
import io.irisapi.store.ModelDirectory;
import io.irisapi.testing.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.RunInfo;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.irisapi.testing.ServiceProcess.KEY;
import static io.irisapi.testing.ServiceProcess.SETOSA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry flow against a real MLflow server, as users run it: {@code train --mlflow} from the packaged jar
 * registers versions and moves the champion alias; the packaged service serves models:/iris-classifier@champion and
 * follows the alias. The tests are one story, in order: each starts from the registry state the previous one left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MlflowRegistryIT {
    @RegisterExtension
    static final MlflowServer MLFLOW = MlflowServer.started();

    private static final String CHAMPION_URI = "models:/iris-classifier@champion";
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
    @Order(1)
    void trainRegistersTheFirstVersionAsChampionAndTheServiceServesIt() throws Exception {
        ServiceProcess.Result trained = ServiceProcess.run("train", "--mlflow", "--tracking-uri", MLFLOW.trackingUri(),
                "--output", output.toString());

        assertThat(trained.exitCode()).as(trained.output()).isZero();
        assertThat(trained.output()).contains("Registered models:/iris-classifier/1 (version 1, READY)",
                "Alias champion -> version 1: first champion", "MODEL_URI=" + CHAMPION_URI);

        service = ServiceProcess.server(Map.of("ENVIRONMENT", "production", "API_KEY", KEY,
                "MLFLOW_TRACKING_URI", MLFLOW.trackingUri(), "MODEL_URI", CHAMPION_URI,
                "MODEL_POLL_INTERVAL", "500ms"));
        service.awaitReady();

        HttpResponse<String> prediction = service.post("/predict", KEY, SETOSA);
        assertThat(prediction.statusCode()).isEqualTo(200);
        assertThat(prediction.headers().firstValue("X-Model-Version")).hasValue("1");
        assertThat(ServiceProcess.json(prediction.body()).path("prediction").asText()).isEqualTo("setosa");
        assertThat(ServiceProcess.json(service.get("/model", KEY).body()).path("source").asText())
                .startsWith("models:/iris-classifier/1 (@champion) from MLflow at " + MLFLOW.trackingUri());
        assertThat(ServiceProcess.json(service.get("/health", KEY).body()).path("model_version").asText())
                .isEqualTo("1");
        assertThat(service.prometheus()).contains("iris_model_info{algorithm=\"Logistic\"")
                .containsPattern("iris_model_info\\{[^}]*version=\"1\"\\} 1");
    }

    @Test
    @Order(2)
    void anotherVersionBecomesChampionOnlyWhenItIsBetterOrPromoted() throws Exception {
        ServiceProcess.Result same = ServiceProcess.run("train", "--mlflow", "--tracking-uri", MLFLOW.trackingUri(),
                "--output", output.toString());

        assertThat(same.exitCode()).as(same.output()).isZero();
        assertThat(same.output()).contains("Registered models:/iris-classifier/2", "Not promoted: accuracy",
                "does not beat champion version 1's");
        try (MlflowRegistry registry = new MlflowRegistry(MLFLOW.trackingUri())) {
            assertThat(registry.versionByAlias("iris-classifier", "champion")).get()
                    .extracting(ModelVersion::version).isEqualTo("1");

            // The other URI forms name the same files: a pinned version, and the run that logged it.
            assertThat(load(registry, "models:/iris-classifier/2").version()).isEqualTo("2");
            Matcher run = Pattern.compile("MLflow run ([0-9a-f]+) at").matcher(same.output());
            assertThat(run.find()).as(same.output()).isTrue();
            IrisModel fromRun = load(registry, "runs:/" + run.group(1) + "/model");
            assertThat(fromRun.version()).isEqualTo(run.group(1));
            assertThat(fromRun.predict(new double[]{5.1, 3.5, 1.4, 0.2}).classIndex()).isZero();
        }
    }

    private static IrisModel load(MlflowRegistry registry, String uri) {
        return new MlflowModelSource(ModelUri.parse(uri).orElseThrow(), registry).load();
    }

    @Test
    @Order(3)
    void aPromotedVersionIsServedWithinOnePollWhileRequestsKeepSucceeding() throws Exception {
        ServiceProcess.Result promoted;
        PredictLoad load = new PredictLoad(service);
        try (load) {
            promoted = ServiceProcess.run("train", "--mlflow", "--tracking-uri", MLFLOW.trackingUri(),
                    "--algorithm", "J48",
                    "--promote", "--output", output.toString());
            assertThat(promoted.exitCode()).as(promoted.output()).isZero();
            // A poll that starts after the alias moved must swap: wait for two completed polls, then look.
            service.awaitPolls(2);
            assertThat(service.servedVersion(KEY)).isEqualTo("3");
            service.awaitCondition("requests answered by version 3", () -> load.versions().contains("3"));
        }

        assertThat(promoted.output()).contains("Alias champion -> version 3: promoted by --promote");
        assertThat(load.failures()).as("failed requests while the alias moved").isEmpty();
        assertThat(load.versions()).as("versions answering, each wholly").containsExactlyInAnyOrder("1", "3");
        assertThat(ServiceProcess.json(service.get("/model", KEY).body()).path("algorithm").asText()).isEqualTo("J48");
        assertThat(ServiceProcess.json(service.get("/model", KEY).body()).path("scorer").asText()).isEqualTo("weka");
        assertThat(service.prometheus()).contains("iris_model_scorer_info{scorer=\"weka\"} 1");
    }

    @Test
    @Order(4)
    void corruptAndForeignVersionsAreRefusedOnceAndTheServedModelStays() throws Exception {
        Trainer.TrainedModel good = Trainer.train(Algorithm.DEFAULT, IrisDataset.load());
        byte[] metadata = ModelDirectory.metadataJson(good.metadata());
        byte[] truncated = Arrays.copyOf(good.modelBytes(), good.modelBytes().length / 2);
        // What a deserialization attack starts from: a JDK collection Weka models never hold.
        byte[] foreign = serialize(new Object[]{new PriorityQueue<Integer>(), "not an Iris header"});
        long refusedBefore = service.counter("model.refusals");

        try (PredictLoad load = new PredictLoad(service); MlflowRegistry registry = new MlflowRegistry(
                MLFLOW.trackingUri())) {
            for (byte[] bad : new byte[][]{truncated, foreign}) {
                ModelVersion version = publishRaw(registry, bad, metadata);
                registry.setAlias("iris-classifier", "champion", version.version());
                service.awaitPolls(2);
                assertThat(service.servedVersion(KEY)).isEqualTo("3");
            }
            // Not retried: further polls see the same refused version and leave it alone.
            service.awaitPolls(3);
            assertThat(load.failures()).isEmpty();
            assertThat(load.versions()).containsExactly("3");
        }

        assertThat(service.counter("model.refusals") - refusedBefore).isEqualTo(2);
        assertThat(service.output())
                .contains("Refused models:/iris-classifier/4 (@champion)", "not a readable model")
                .contains("Refused models:/iris-classifier/5 (@champion)", "java.util.PriorityQueue",
                        "deserialization allow-list");
        assertThat(service.prometheus()).contains("iris_model_refusals_total");
    }

    @Test
    @Order(5)
    void aHostHeaderRefusalNamesTheAllowedHostsOption() throws Exception {
        // The server allows 127.0.0.1:PORT only, as a server in a cluster allows its Service name only.
        String refusedUri = "http://localhost:" + MLFLOW.port();

        ServiceProcess.Result train = ServiceProcess.run("train", "--mlflow", "--tracking-uri", refusedUri,
                "--output", output.toString());

        assertThat(train.exitCode()).isNotZero();
        assertThat(train.output()).contains("train failed: MLflow at " + refusedUri + " refused the Host header 'localhost:"
                + MLFLOW.port() + "' (403 Invalid Host header)", "--allowed-hosts").doesNotContain("\tat ");
        try (MlflowRegistry registry = new MlflowRegistry(refusedUri)) {
            MlflowModelSource source = new MlflowModelSource(ModelUri.parse(CHAMPION_URI).orElseThrow(), registry);
            assertThatThrownBy(source::load).isInstanceOf(MlflowException.class)
                    .hasMessageContaining("--allowed-hosts listing localhost:" + MLFLOW.port());
        }
    }

    /** Registers a version whose artifacts are whatever the test says, bypassing train's checks. */
    private static ModelVersion publishRaw(MlflowRegistry registry, byte[] model, byte[] metadata) {
        String experimentId = registry.tracking("find the experiment",
                client -> client.getExperimentByName("iris-classifier")).orElseThrow().getExperimentId();
        RunInfo run = registry.tracking("create a run", client -> client.createRun(experimentId));
        String artifacts = run.getArtifactUri() + "/model";
        registry.upload(artifacts + "/" + ModelDirectory.MODEL_FILE, model);
        registry.upload(artifacts + "/" + ModelDirectory.METADATA_FILE, metadata);
        return registry.createVersion("iris-classifier", artifacts, run.getRunId());
    }

    private static byte[] serialize(Object object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        return bytes.toByteArray();
    }
}
