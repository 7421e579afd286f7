package io.irisapi.protocol.kserve;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.irisapi.IrisConfiguration;
import io.irisapi.protocol.ServingApp;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static io.irisapi.protocol.ServingApp.json;
import static io.irisapi.protocol.ServingApp.post;
import static io.irisapi.protocol.ServingApp.request;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(DropwizardExtensionsSupport.class)
class V1ResourcesTest {
    static final DropwizardAppExtension<IrisConfiguration> APP = ServingApp.extension();
    static final String PREDICT = "/v1/models/iris:predict";

    @BeforeAll
    static void model() throws InterruptedException {
        ServingApp.awaitModel(APP);
    }

    @Test
    void instancesAndInputsGiveLabels() {
        Response response = post(APP, PREDICT, MediaType.APPLICATION_JSON,
                "{\"instances\": [[5.1, 3.5, 1.4, 0.2], {\"sepal_length\": 6.7, \"sepal_width\": 3.0, "
                        + "\"petal_length\": 5.2, \"petal_width\": 2.3}]}");
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaderString("X-Model-Version")).isEqualTo("embedded-logistic");
        assertThat(json(response)).isEqualTo(Map.of("predictions", List.of("setosa", "virginica")));
        assertThat(json(post(APP, PREDICT, MediaType.APPLICATION_JSON, "{\"inputs\": [[6.7, 3.0, 5.2, 2.3]]}")))
                .isEqualTo(Map.of("predictions", List.of("virginica")));
    }

    @Test
    void livenessAndTheListOfModelsAreKServes() {
        assertThat(json(request(APP, "/", false).get())).isEqualTo(Map.of("status", "alive"));
        assertThat(json(request(APP, "/v1/models", false).get())).isEqualTo(Map.of("models", List.of("iris")));
    }

    @Test
    void predictTakesOnlyPost() {
        Response response = request(APP, PREDICT, true).get();
        assertThat(response.getHeaderString("Allow")).contains("POST");
        ServingApp.assertKServeError(response, 405, "405");
    }

    @Test
    void readinessIsOpen() {
        assertThat(json(request(APP, "/v1/models/iris", false).get())).isEqualTo(Map.of("name", "iris", "ready", true));
        ServingApp.assertKServeError(request(APP, "/v1/models/tulip", false).get(), 404, "model 'tulip' is not served");
    }

    @Test
    void errorsAnswerInTheProtocolsShape() {
        ServingApp.assertKServeError(post(APP, PREDICT, MediaType.APPLICATION_JSON, "{\"instances\": [[5.1, 3.5, 1.4, 200]]}"), 400,
                "instances[0].petal_width must be at most 100");
        ServingApp.assertKServeError(post(APP, PREDICT, MediaType.APPLICATION_JSON, "{\"instances\": [[1, 2, 3, 4]], \"inputs\": []}"),
                400, "exactly one of instances or inputs");
        ServingApp.assertKServeError(post(APP, PREDICT, MediaType.APPLICATION_JSON, "{\"instances\": {\"a\": 1}}"), 400,
                "instances must be an array of rows");
        ServingApp.assertKServeError(post(APP, "/v1/models/tulip:predict", MediaType.APPLICATION_JSON, "{\"instances\": [[1, 2, 3, 4]]}"),
                404, "not served");
        ServingApp.assertKServeError(request(APP, PREDICT, false).post(Entity.json("{\"instances\": [[1, 2, 3, 4]]}")), 401,
                "X-API-Key");
    }
}
