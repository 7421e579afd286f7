package io.irisapi.protocol.oip;

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

/** The Open Inference Protocol's routes: tensors in, tensors out, its metadata and its error shape. */
@ExtendWith(DropwizardExtensionsSupport.class)
class InferenceResourceTest {
    static final ResourceExtension RESOURCES = ProtocolResources.of(ProtocolResources.strictMapper(),
            new OipProtocol(ProtocolResources.dataPlane(), "1.0.0"));
    static final String VERSION = "embedded-logistic";
    static final String TWO_ROWS = "{\"name\": \"input-0\", \"shape\": [2, 4], \"datatype\": \"FP32\", "
            + "\"data\": [5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3]}";

    private static Response infer(String body) {
        return post("/v2/models/iris/infer", MediaType.APPLICATION_JSON, body);
    }

    private static Response post(String path, String type, String body) {
        return request(path).post(Entity.entity(body, type));
    }

    private static Invocation.Builder request(String path) {
        return RESOURCES.target(path).request();
    }

    private static String body(String input) {
        return "{\"inputs\": [" + input + "]}";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> output(Map<String, Object> body, String name) {
        return ((List<Map<String, Object>>) body.get("outputs")).stream()
                .filter(o -> name.equals(o.get("name"))).findFirst().orElseThrow();
    }

    @Test
    void flatFp32GivesAllThreeOutputs() {
        Response response = infer("{\"id\": \"req-7\", \"inputs\": [" + TWO_ROWS + "]}");
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaderString("X-Model-Version")).isEqualTo(VERSION);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("model_name", "iris").containsEntry("model_version", VERSION)
                .containsEntry("id", "req-7");
        assertThat(output(body, "class_index")).containsEntry("datatype", "INT64")
                .containsEntry("shape", List.of(2)).containsEntry("data", List.of(0, 2));
        assertThat(output(body, "label")).containsEntry("datatype", "BYTES")
                .containsEntry("data", List.of("setosa", "virginica"));
        Map<String, Object> probabilities = output(body, "probabilities");
        assertThat(probabilities).containsEntry("datatype", "FP32").containsEntry("shape", List.of(2, 3));
        assertThat((List<?>) probabilities.get("data")).hasSize(6);
    }

    @Test
    void nestedFp64AndChosenOutputs() {
        Response response = infer("{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 4], \"datatype\": \"FP64\", "
                + "\"data\": [[6.7, 3.0, 5.2, 2.3]]}], \"outputs\": [{\"name\": \"label\", "
                + "\"parameters\": {\"binary_data\": false}}]}");
        assertThat(response.getStatus()).isEqualTo(200);
        Map<String, Object> body = json(response);
        assertThat((List<?>) body.get("outputs")).hasSize(1);
        assertThat(output(body, "label")).containsEntry("data", List.of("virginica"));
        assertThat(body).doesNotContainKey("id");
    }

    @Test
    void servedVersionAnswersAndOthersAre404() {
        assertThat(post("/v2/models/iris/versions/" + VERSION + "/infer", MediaType.APPLICATION_JSON,
                body(TWO_ROWS)).getStatus()).isEqualTo(200);
        assertKServeError(post("/v2/models/iris/versions/3/infer", MediaType.APPLICATION_JSON, body(TWO_ROWS)),
                404, "version '3' of model 'iris' is not served");
        assertKServeError(post("/v2/models/roses/infer", MediaType.APPLICATION_JSON, body(TWO_ROWS)),
                404, "model 'roses' is not served");
        assertThat(request("/v2/models/iris/versions/" + VERSION + "/ready").get().getStatus())
                .isEqualTo(200);
        assertKServeError(request("/v2/models/iris/versions/3").get(), 404, "not served");
    }

    @Test
    void healthAndMetadataAreOpen() {
        assertThat(json(request("/v2/health/live").get())).containsEntry("live", true);
        assertThat(json(request("/v2/health/ready").get())).containsEntry("ready", true);
        assertThat(json(request("/v2/models/iris/ready").get())).containsEntry("ready", true);
        assertThat(json(request("/v2").get())).containsEntry("name", "iris-api");
        Map<String, Object> model = json(request("/v2/models/iris").get());
        assertThat(model).containsEntry("name", "iris").containsEntry("versions", List.of(VERSION));
        assertThat(model.get("inputs")).isEqualTo(List.of(Map.of("name", "input", "datatype", "FP32",
                "shape", List.of(-1, 4))));
        assertThat(json(request("/v2/models/iris/versions/" + VERSION).get())).isEqualTo(model);
    }

    @Test
    void badTensorsAreNamed() {
        assertKServeError(infer(body(TWO_ROWS.replace("FP32", "INT32"))), 400, "inputs[0].datatype must be one of");
        assertKServeError(infer(body(TWO_ROWS.replace("[2, 4]", "[2, 3]"))), 400, "inputs[0].shape must be [N, 4]");
        assertKServeError(infer(body(TWO_ROWS.replace("[2, 4]", "[3, 4]"))), 400, "needs 12");
        assertKServeError(infer(body(TWO_ROWS.replace("2.3]", "-2.3]"))), 400,
                "inputs[0].data[1].petal_width must not be negative");
        assertKServeError(infer(body(TWO_ROWS.replace("2.3]", "\"2.3\"]"))), 400, "inputs[0].data[7] must be a number");
        assertKServeError(infer(body(TWO_ROWS.replace("\"data\": [5.1, 3.5, 1.4, 0.2, ", "\"data\": [[5.1, 3.5, 1.4, 0.2], "))),
                400, "not a mix");
        assertKServeError(infer("{\"inputs\": []}"), 400, "inputs must hold exactly one tensor");
        assertKServeError(infer("{\"inputs\": [" + TWO_ROWS + "], \"outputs\": [{\"name\": \"logits\"}]}"), 400,
                "outputs[0].name must be one of");
        assertKServeError(infer("{\"inputs\": [" + TWO_ROWS + "], \"extra\": 1}"), 400, "extra is not a known field");
        assertKServeError(infer("{\"inputs\": [" + TWO_ROWS + "], \"outputs\": [null]}"), 400,
                "outputs[0].name must be one of");
        assertKServeError(infer("{\"inputs\": ["), 400, "malformed JSON");
        assertKServeError(infer(body(TWO_ROWS.replace("[2, 4]", "[6, 4]"))), 413, "batch has 6 rows; the limit is 5");
    }

    @Test
    void aTensorWithoutADatatypeIsNamedNotAServerError() {
        assertKServeError(infer(body(TWO_ROWS.replace("\"datatype\": \"FP32\", ", ""))), 400,
                "inputs[0].datatype is required");
        assertKServeError(infer(body(TWO_ROWS.replace("\"FP32\"", "null"))), 400,
                "inputs[0].datatype is required");
    }

    @Test
    void shapesAreIntegersAndIdsAndNamesStrings() {
        assertKServeError(infer(body(TWO_ROWS.replace("[2, 4]", "[2.0, 4]"))), 400,
                "inputs[0].shape[0] has the wrong type");
        assertKServeError(infer(body(TWO_ROWS.replace("[2, 4]", "[2, \"4\"]"))), 400,
                "inputs[0].shape[1] has the wrong type");
        assertKServeError(infer(body(TWO_ROWS.replace("\"input-0\"", "7"))), 400,
                "inputs[0].name has the wrong type");
        assertKServeError(infer("{\"id\": 5, \"inputs\": [" + TWO_ROWS + "]}"), 400,
                "id has the wrong type");
    }

    /** A parameter named by an escaped character past U+FFFF (an emoji), as JSON writers escape it. */
    @Test
    void parameterNamesMayHoldAnyCharacter() {
        assertThat(infer("{\"parameters\": {\"\\ud83d\\ude00\": 1}, \"inputs\": [" + TWO_ROWS + "]}").getStatus())
                .isEqualTo(200);
    }

    /** KServe's SDK names the model (and may name its version) in the body: accepted when they agree. */
    @Test
    void theBodyMayNameTheModelThePathNames() {
        assertThat(infer("{\"model_name\": \"iris\", \"model_version\": \"" + VERSION + "\", \"inputs\": ["
                + TWO_ROWS + "]}").getStatus()).isEqualTo(200);
        assertThat(post("/v2/models/iris/versions/" + VERSION + "/infer", MediaType.APPLICATION_JSON,
                "{\"model_name\": \"iris\", \"inputs\": [" + TWO_ROWS + "]}").getStatus()).isEqualTo(200);
        assertKServeError(infer("{\"model_name\": \"tulip\", \"inputs\": [" + TWO_ROWS + "]}"), 400,
                "model_name is 'tulip', which contradicts the path");
        assertKServeError(infer("{\"model_version\": \"7\", \"inputs\": [" + TWO_ROWS + "]}"), 400,
                "model_version is '7', which contradicts the path");
    }

    @Test
    void methodAndContentTypeErrorsAnswerInTheProtocolsShape() {
        assertKServeError(request("/v2/models/iris/infer").get(), 405, "405");
        assertKServeError(post("/v2/models/iris/infer", "text/plain", "x"), 415, "send application/json");
    }
}
