package io.irisapi.protocol.kserve;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.irisapi.protocol.ProtocolResources;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static io.irisapi.protocol.ProtocolResources.assertKServeError;
import static io.irisapi.protocol.ProtocolResources.json;
import static org.assertj.core.api.Assertions.assertThat;

/** KServe's V1 protocol: its liveness, its list of models, predict and its error shape. */
@ExtendWith(DropwizardExtensionsSupport.class)
class V1ResourcesTest {
    static final ResourceExtension RESOURCES = ProtocolResources.of(ProtocolResources.strictMapper(),
            new KserveProtocol(ProtocolResources.dataPlane()));
    static final String PREDICT = "/v1/models/iris:predict";

    private static Invocation.Builder request(String path) {
        return RESOURCES.target(path).request();
    }

    private static Response post(String path, String body) {
        return request(path).post(Entity.entity(body, MediaType.APPLICATION_JSON));
    }

    @Test
    void instancesAndInputsGiveLabels() {
        Response response = post(PREDICT,
                "{\"instances\": [[5.1, 3.5, 1.4, 0.2], {\"sepal_length\": 6.7, \"sepal_width\": 3.0, "
                        + "\"petal_length\": 5.2, \"petal_width\": 2.3}]}");
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaderString("X-Model-Version")).isEqualTo("embedded-logistic");
        assertThat(json(response)).isEqualTo(Map.of("predictions", List.of("setosa", "virginica")));
        assertThat(json(post(PREDICT, "{\"inputs\": [[6.7, 3.0, 5.2, 2.3]]}")))
                .isEqualTo(Map.of("predictions", List.of("virginica")));
    }

    @Test
    void livenessAndTheListOfModelsAreKServes() {
        assertThat(json(request("/").get())).isEqualTo(Map.of("status", "alive"));
        assertThat(json(request("/v1/models").get())).isEqualTo(Map.of("models", List.of("iris")));
    }

    @Test
    void predictTakesOnlyPost() {
        Response response = request(PREDICT).get();
        assertThat(response.getHeaderString("Allow")).contains("POST");
        assertKServeError(response, 405, "405");
    }

    @Test
    void readinessIsOpen() {
        assertThat(json(request("/v1/models/iris").get())).isEqualTo(Map.of("name", "iris", "ready", true));
        assertKServeError(request("/v1/models/tulip").get(), 404, "model 'tulip' is not served");
    }

    @Test
    void errorsAnswerInTheProtocolsShape() {
        assertKServeError(post(PREDICT, "{\"instances\": [[5.1, 3.5, 1.4, 200]]}"), 400,
                "instances[0].petal_width must be at most 100");
        assertKServeError(post(PREDICT, "{\"instances\": [[1, 2, 3, 4]], \"inputs\": []}"),
                400, "exactly one of instances or inputs");
        assertKServeError(post(PREDICT, "{\"instances\": {\"a\": 1}}"), 400,
                "instances must be an array of rows");
        assertKServeError(post("/v1/models/tulip:predict", "{\"instances\": [[1, 2, 3, 4]]}"),
                404, "not served");
    }
}
