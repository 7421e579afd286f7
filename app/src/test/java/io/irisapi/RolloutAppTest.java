package io.irisapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.irisapi.core.Algorithm;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.Trainer;
import io.irisapi.core.WekaModels;
import io.irisapi.protocol.ServingApp;
import io.irisapi.store.ModelDirectory;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole application with a challenger (a J48 model directory) beside the embedded logistic champion: every
 * protocol answers alike in shadow and in canary mode, /model and the metrics show the rollout, and bad settings
 * stop a production start.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RolloutAppTest {
    static final String CHAMPION = "embedded-logistic";
    static final Trainer.TrainedModel TRAINED = Trainer.train(Algorithm.J48, IrisDataset.load());
    static final String CHALLENGER = WekaModels.contentVersion(TRAINED.modelBytes());
    static final Path CHALLENGER_DIR = challengerDirectory();
    static final String ROW = "[5.1, 3.5, 1.4, 0.2]";

    /** Each protocol's prediction request for one row, and the JSON field that names the answering version. */
    record Call(String path, String body, String versionField) {
    }

    static final List<Call> CALLS = List.of(
            new Call("/predict", "{\"sepal_length\":5.1,\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2}",
                    "model_version"),
            new Call("/v1/models/iris:predict", "{\"instances\": [" + ROW + "]}", null),
            new Call("/invocations", "{\"inputs\": [" + ROW + "]}", null),
            new Call("/v2/models/iris/infer", "{\"inputs\": [{\"name\": \"input-0\", \"shape\": [1, 4], "
                    + "\"datatype\": \"FP64\", \"data\": " + ROW + "}]}", "model_version"));

    static DropwizardAppExtension<IrisConfiguration> app(String mode, String percent) {
        return new DropwizardAppExtension<>(IrisApplication.class, IrisApplication.DEFAULT_CONFIG,
                ConfigOverride.randomPorts(), ConfigOverride.config("apiKeys", ServingApp.KEY),
                ConfigOverride.config("model.challengerUri", CHALLENGER_DIR.toString()),
                ConfigOverride.config("model.rolloutMode", mode),
                ConfigOverride.config("model.canaryPercent", percent),
                ConfigOverride.config("health.shutdownWaitPeriod", "0s"));
    }

    @Nested
    class Shadow {
        static final DropwizardAppExtension<IrisConfiguration> APP = app("shadow", "50");

        @BeforeAll
        static void ready() throws InterruptedException {
            awaitBoth(APP);
        }

        @Test
        void everyProtocolAnswersWithTheChampionWhileTheChallengerIsCompared() {
            long before = record(APP).path("rows_compared").asLong();
            for (Call call : CALLS) {
                for (int i = 0; i < 5; i++) {
                    assertAnsweredBy(APP, call, "key-" + i, CHAMPION);
                }
            }

            JsonNode rollout = model(APP).get("rollout");
            assertThat(rollout.get("mode").asText()).isEqualTo("shadow");
            assertThat(rollout.get("challenger").get("version").asText()).isEqualTo(CHALLENGER);
            JsonNode record = rollout.get("record");
            assertThat(record.get("rows_compared").asLong() - before).isEqualTo(20);
            assertThat(record.get("challenger_version").asText()).isEqualTo(CHALLENGER);
            assertThat(record.get("challenger_errors").asLong()).isZero();
            assertThat(record.get("requests").get("challenger").asLong()).isZero();
            assertThat(record.get("agreement").asDouble()).isEqualTo(1.0);
            assertThat(prometheus(APP))
                    .containsPattern("iris_shadow_rows_total\\{challenger_version=\"" + CHALLENGER
                            + "\",champion_version=\"" + CHAMPION + "\"} [1-9]")
                    .contains("iris_rollout_info{canary_percent=\"50\",challenger_version=\"" + CHALLENGER
                            + "\",mode=\"shadow\"} 1")
                    .contains("iris_challenger_loads_total 1.0");
        }
    }

    @Nested
    class Canary {
        static final DropwizardAppExtension<IrisConfiguration> APP = app("canary", "50");

        @BeforeAll
        static void ready() throws InterruptedException {
            awaitBoth(APP);
        }

        @Test
        void aKeyKeepsItsModelOnEveryProtocolAndEachAnswerNamesIt() {
            String toChallenger = keyAnsweredBy(CHALLENGER);
            String toChampion = keyAnsweredBy(CHAMPION);

            for (Call call : CALLS) {
                for (int i = 0; i < 3; i++) {
                    assertAnsweredBy(APP, call, toChallenger, CHALLENGER);
                    assertAnsweredBy(APP, call, toChampion, CHAMPION);
                }
            }

            JsonNode rollout = model(APP).get("rollout");
            assertThat(rollout.get("mode").asText()).isEqualTo("canary");
            assertThat(rollout.get("canary_percent").asInt()).isEqualTo(50);
            assertThat(rollout.get("record").get("requests").get("challenger").asLong()).isGreaterThanOrEqualTo(12);
            assertThat(prometheus(APP)).containsPattern("iris_model_requests_total\\{role=\"challenger\"} [1-9]")
                    .containsPattern("iris_predictions_total\\{class=\"setosa\",role=\"challenger\"} [1-9]");
        }

        @Test
        void theOpenInferenceProtocolServesTheCanarysVersionByName() {
            Response response = ServingApp.request(APP, "/v2/models/iris/versions/" + CHALLENGER + "/infer", true)
                    .post(Entity.json(CALLS.get(3).body()));
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaderString("X-Model-Version")).isEqualTo(CHALLENGER);
            response.close();
        }

        private String keyAnsweredBy(String version) {
            return IntStream.range(0, 200).mapToObj(i -> "client-" + i)
                    .filter(key -> version.equals(answer(APP, CALLS.get(0), key).getHeaderString("X-Model-Version")))
                    .findFirst().orElseThrow();
        }
    }

    @Test
    void productionRefusesBadRolloutSettings() {
        assertRefused("model.canaryPercent", "101", "CANARY_PERCENT must be between 0 and 100");
        assertRefused("model.rolloutMode", "blue-green", "ROLLOUT_MODE must be shadow or canary");
        DropwizardTestSupport<IrisConfiguration> canaryAlone = production(
                ConfigOverride.config("model.rolloutMode", "canary"));
        assertThatThrownBy(canaryAlone::before).hasStackTraceContaining("ROLLOUT_MODE=canary needs "
                + "MODEL_CHALLENGER_URI");
        canaryAlone.after();
        DropwizardTestSupport<IrisConfiguration> same = production(
                ConfigOverride.config("model.uri", "models:/iris-classifier/3"),
                ConfigOverride.config("model.challengerUri", "models:/iris-classifier/3"));
        assertThatThrownBy(same::before).hasStackTraceContaining("MODEL_CHALLENGER_URI names the same model");
        same.after();
    }

    @Test
    void developmentLogsBadRolloutSettingsAndServesTheChampionAlone() throws Exception {
        DropwizardTestSupport<IrisConfiguration> app = new DropwizardTestSupport<>(IrisApplication.class,
                IrisApplication.DEFAULT_CONFIG, ConfigOverride.randomPorts(),
                ConfigOverride.config("apiKeys", ServingApp.KEY),
                ConfigOverride.config("model.challengerUri", CHALLENGER_DIR.toString()),
                ConfigOverride.config("model.rolloutMode", "canary"),
                ConfigOverride.config("model.canaryPercent", "150"),
                ConfigOverride.config("health.shutdownWaitPeriod", "0s"));
        app.before();
        try {
            DropwizardAppExtension<IrisConfiguration> view = new DropwizardAppExtension<>(app);
            view.before();
            ServingApp.awaitModel(view);
            assertThat(model(view).get("rollout").get("mode").asText()).isEqualTo("none");
            view.after();
        } finally {
            app.after();
        }
    }

    private static void assertRefused(String setting, String value, String message) {
        DropwizardTestSupport<IrisConfiguration> app = production(
                ConfigOverride.config("model.challengerUri", CHALLENGER_DIR.toString()),
                ConfigOverride.config(setting, value));
        assertThatThrownBy(app::before).hasStackTraceContaining(message);
        app.after();
    }

    private static DropwizardTestSupport<IrisConfiguration> production(ConfigOverride... overrides) {
        ConfigOverride[] all = new ConfigOverride[overrides.length + 3];
        all[0] = ConfigOverride.randomPorts();
        all[1] = ConfigOverride.config("environment", "production");
        all[2] = ConfigOverride.config("apiKeys", ServingApp.KEY);
        System.arraycopy(overrides, 0, all, 3, overrides.length);
        return new DropwizardTestSupport<>(IrisApplication.class, IrisApplication.DEFAULT_CONFIG, all);
    }

    private static void assertAnsweredBy(DropwizardAppExtension<IrisConfiguration> app, Call call, String key,
                                         String version) {
        try (Response response = answer(app, call, key)) {
            assertThat(response.getStatus()).as(call.path()).isEqualTo(200);
            assertThat(response.getHeaderString("X-Model-Version")).as(call.path()).isEqualTo(version);
            if (call.versionField() != null) {
                assertThat(response.readEntity(JsonNode.class).get(call.versionField()).asText()).as(call.path())
                        .isEqualTo(version);
            }
        }
    }

    private static Response answer(DropwizardAppExtension<IrisConfiguration> app, Call call, String key) {
        return ServingApp.request(app, call.path(), true).header("X-Canary-Key", key).post(Entity.json(call.body()));
    }

    private static JsonNode model(DropwizardAppExtension<IrisConfiguration> app) {
        return ServingApp.request(app, "/model", true).get(JsonNode.class);
    }

    private static JsonNode record(DropwizardAppExtension<IrisConfiguration> app) {
        return model(app).get("rollout").path("record");
    }

    private static String prometheus(DropwizardAppExtension<IrisConfiguration> app) {
        return app.client().target("http://127.0.0.1:" + app.getAdminPort() + "/prometheus").request()
                .get(String.class);
    }

    /** Ready means the champion is loaded; the challenger loads beside it. */
    private static void awaitBoth(DropwizardAppExtension<IrisConfiguration> app) throws InterruptedException {
        ServingApp.awaitModel(app);
        for (int i = 0; i < 300 && !model(app).get("rollout").has("challenger"); i++) {
            Thread.sleep(100);
        }
        assertThat(model(app).get("rollout").has("challenger")).as("challenger loaded").isTrue();
    }

    private static Path challengerDirectory() {
        try {
            Path dir = Files.createTempDirectory("iris-challenger");
            ModelDirectory.write(dir, TRAINED.modelBytes(), TRAINED.metadata());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
