package io.irisapi.protocol.mlflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.irisapi.protocol.ProtocolResources;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static io.irisapi.protocol.ProtocolResources.json;
import static org.assertj.core.api.Assertions.assertThat;

/** MLflow's scoring protocol: its input forms, its CSV and its error shape. */
@ExtendWith(DropwizardExtensionsSupport.class)
class InvocationsResourceTest {
    static final ObjectMapper MAPPER = ProtocolResources.strictMapper();
    static final ResourceExtension RESOURCES = ProtocolResources.of(MAPPER,
            new MlflowProtocol(ProtocolResources.dataPlane(), MAPPER, "1.0.0"));
    static final String JSON = MediaType.APPLICATION_JSON;
    static final String SETOSA = "[5.1, 3.5, 1.4, 0.2]";
    static final String VIRGINICA = "[6.7, 3.0, 5.2, 2.3]";

    private static Response invoke(String body) {
        return post("/invocations", JSON, body);
    }

    private static Response post(String path, String type, String body) {
        return RESOURCES.target(path).request().post(Entity.entity(body, type));
    }

    private static void assertPredictions(Response response, Object... expected) {
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaderString("X-Model-Version")).isEqualTo("embedded-logistic");
        assertThat(json(response)).isEqualTo(Map.of("predictions", List.of(expected)));
    }

    private static void assertError(Response response, int status, String code, String messagePart) {
        assertThat(response.getStatus()).isEqualTo(status);
        Map<String, Object> body = json(response);
        assertThat(body).containsOnlyKeys("error_code", "message").containsEntry("error_code", code);
        assertThat((String) body.get("message")).contains(messagePart);
    }

    @Test
    void dataframeSplitWithColumnsInAnyOrder() {
        assertPredictions(invoke("{\"dataframe_split\": {\"index\": [0, 1], \"columns\": [\"petal_width\", "
                + "\"sepal_length\", \"sepal_width\", \"petal_length\"], \"data\": [[0.2, 5.1, 3.5, 1.4], "
                + "[2.3, 6.7, 3.0, 5.2]]}}"), "setosa", "virginica");
    }

    @Test
    void dataframeSplitWithoutColumnsIsInApiOrder() {
        assertPredictions(invoke("{\"dataframe_split\": {\"data\": [" + SETOSA + "]}}"), "setosa");
    }

    @Test
    void dataframeRecordsWithScikitLearnNames() {
        assertPredictions(invoke("{\"dataframe_records\": [{\"sepal length (cm)\": 6.7, \"sepal width (cm)\": 3.0, "
                + "\"petal length (cm)\": 5.2, \"petal width (cm)\": 2.3}]}"), "virginica");
    }

    @Test
    void instancesAsArraysAndObjects() {
        assertPredictions(invoke("{\"instances\": [" + SETOSA + ", {\"sepal_length\": 6.7, \"sepal_width\": 3.0, "
                + "\"petal_length\": 5.2, \"petal_width\": 2.3}]}"), "setosa", "virginica");
    }

    @Test
    void inputsAsRowsAndAsColumns() {
        assertPredictions(invoke("{\"inputs\": [" + VIRGINICA + "]}"), "virginica");
        assertPredictions(invoke("{\"inputs\": {\"sepal_length\": [5.1, 6.7], \"sepal_width\": [3.5, 3.0], "
                + "\"petal_length\": [1.4, 5.2], \"petal_width\": [0.2, 2.3]}}"), "setosa", "virginica");
    }

    @Test
    void paramsChooseTheOutput() {
        assertPredictions(invoke("{\"inputs\": [" + VIRGINICA + "], \"params\": {\"output\": \"class_index\"}}"), 2);
        Response probabilities = invoke("{\"inputs\": [" + SETOSA + "], \"params\": {\"output\": \"probabilities\"}}");
        assertThat(probabilities.getStatus()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Double> row = (Map<String, Double>) ((List<?>) json(probabilities).get("predictions")).get(0);
        assertThat(row).containsOnlyKeys("setosa", "versicolor", "virginica");
        assertThat(row.get("setosa")).isGreaterThan(0.9);
        assertPredictions(invoke("{\"inputs\": [" + SETOSA + "], \"params\": {}}"), "setosa");
    }

    @Test
    void csvWithHeaderRow() {
        Response response = post("/invocations", "text/csv",
                "petal_width,petal_length,sepal_width,sepal_length\r\n0.2,1.4,3.5,5.1\r\n2.3,5.2,3.0,6.7\r\n");
        assertPredictions(response, "setosa", "virginica");
        assertPredictions(post("/invocations", "text/csv; charset=utf-8", "\"sepal length (cm)\","
                + "sepal width (cm),petal length (cm),petal width (cm)\n5.1,3.5,1.4,0.2\n"), "setosa");
    }

    @Test
    void badCsvIsNamed() {
        assertError(post("/invocations", "text/csv", "sepal_length,sepal_width,petal_length\n1,2,3\n"),
                400, "INVALID_PARAMETER_VALUE", "CSV header is missing the column petal_width");
        assertError(post("/invocations", "text/csv",
                        "sepal_length,sepal_width,petal_length,petal_width\n1,2,x,4\n"),
                400, "INVALID_PARAMETER_VALUE", "CSV row 1 column petal_length must be a number");
        assertError(post("/invocations", "text/csv",
                        "sepal_length,sepal_width,petal_length,petal_width\n1,2,NaN,4\n"),
                400, "INVALID_PARAMETER_VALUE", "petal_length must be a finite number");
        assertError(post("/invocations", "text/csv", ""), 400, "INVALID_PARAMETER_VALUE", "CSV body is empty");
        for (String control : new String[] {"\u0000", "\u0001", "\u001f", "\u000b"}) {
            assertError(post("/invocations", "text/csv",
                            "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0" + control + "\n"),
                    400, "INVALID_PARAMETER_VALUE", "CSV row 1 column petal_width must be a number");
        }
        // Bytes that would make JSON look like UTF-16 are only a bad header in CSV (found by schemathesis).
        assertError(post("/invocations", "text/csv", "\u0000\u00da}\u00f6"), 400, "INVALID_PARAMETER_VALUE",
                "CSV header has an unknown column");
    }

    /** A quoted value runs to its closing quote, line breaks included, as pandas reads it: one row, not two. */
    @Test
    void csvQuotesAreReadAsPandasReadsThem() {
        String header = "sepal_length,sepal_width,petal_length,petal_width\n";
        assertError(post("/invocations", "text/csv", header + "5.1,3.5,1.4,\"0.2\n6.3,3.3,6.0,2.5\"\n"),
                400, "INVALID_PARAMETER_VALUE", "CSV row 1 column petal_width must be a number");
        assertError(post("/invocations", "text/csv", header + "5.1,3.5,1.4,\"0.2\n6.3,3.3,6.0,2.5\n"),
                400, "BAD_REQUEST", "CSV row 1 opens a quote that is never closed");
        assertPredictions(post("/invocations", "text/csv", "\"sepal_length\",sepal_width,petal_length,petal_width\n"
                + "\"5.1\",3.5,1.4,0.2\n\n6.7,3.0,\"5.2\",2.3\n"), "setosa", "virginica");
    }

    /** As pandas' reader, which MLflow's server parses CSV with, a leading byte order mark is no part of the header. */
    @Test
    void csvMayStartWithAByteOrderMark() {
        assertPredictions(post("/invocations", "text/csv",
                "\uFEFFsepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n"), "setosa");
        assertPredictions(post("/invocations", "text/csv",
                "sepal_length,sepal_width,petal_length,petal_width\n 5.1 ,\t3.5,1.4,0.2\n"), "setosa");
    }

    /** As MLflow counts them, a form given as null is given: with another form beside it, the body has two. */
    @Test
    void aFormGivenAsNullIsGiven() {
        for (String form : new String[] {"dataframe_split", "dataframe_records", "inputs"}) {
            assertError(invoke("{\"instances\": [" + SETOSA + "], \"" + form + "\": null}"), 400,
                    "INVALID_PARAMETER_VALUE", "exactly one of the input fields");
        }
        assertError(invoke("{\"instances\": null}"), 400, "INVALID_PARAMETER_VALUE", "instances is null");
        assertError(invoke("{\"dataframe_split\": {\"columns\": [1, 2, 3, 4], \"data\": [" + SETOSA + "]}}"), 400,
                "INVALID_PARAMETER_VALUE", "dataframe_split.columns[0] must be a column name");
        assertError(invoke("{\"dataframe_split\": {\"data\": [" + SETOSA + "], \"extra\": 1}}"), 400,
                "INVALID_PARAMETER_VALUE", "dataframe_split.extra is not a known field");
    }

    @Test
    void anOutputParamIsNeverNull() {
        assertError(invoke("{\"instances\": [" + SETOSA + "], \"params\": {\"output\": null}}"), 400,
                "INVALID_PARAMETER_VALUE", "params.output must be one of");
        assertError(invoke("{\"instances\": [" + SETOSA + "], \"params\": {\"output\": 1}}"), 400,
                "INVALID_PARAMETER_VALUE", "params.output must be one of");
        assertPredictions(invoke("{\"instances\": [" + SETOSA + "], \"params\": {}}"), "setosa");
    }

    @Test
    void valuesBreakingTheRulesAreNamed() {
        assertError(invoke("{\"instances\": [[5.1, 3.5, 1.4, -1]]}"), 400, "INVALID_PARAMETER_VALUE",
                "instances[0].petal_width must not be negative");
        assertError(invoke("{\"instances\": [[5.1, 3.5, 1.4, 101]]}"), 400, "INVALID_PARAMETER_VALUE",
                "instances[0].petal_width must be at most 100");
        assertError(invoke("{\"instances\": [[5.1, 3.5, 1.4, NaN]]}"), 400, "INVALID_PARAMETER_VALUE",
                "must be a finite number");
        assertError(invoke("{\"instances\": [[5.1, 3.5, 1.4, \"0.2\"]]}"), 400, "INVALID_PARAMETER_VALUE",
                "instances[0][3] must be a number");
        assertError(invoke("{\"instances\": [[5.1, 3.5, 1.4]]}"), 400, "INVALID_PARAMETER_VALUE",
                "instances[0] must have 4 values");
        assertError(invoke("{\"dataframe_records\": [{\"sepal_length\": 5.1, \"sepal_width\": 3.5, "
                + "\"petal_length\": 1.4, \"petal_width\": 0.2, \"colour\": 1}]}"), 400, "INVALID_PARAMETER_VALUE",
                "unknown column 'colour'");
        assertError(invoke("{\"dataframe_split\": {\"columns\": [\"sepal_length\", \"sepal_length\", "
                + "\"petal_length\", \"petal_width\"], \"data\": [" + SETOSA + "]}}"), 400, "INVALID_PARAMETER_VALUE",
                "names the column sepal_length twice");
        assertError(invoke("{\"dataframe_split\": {\"data\": [[5.1, 3.5, 1.4, \"x\"]]}}"), 400,
                "INVALID_PARAMETER_VALUE", "dataframe_split.data[0][3]");
        assertError(invoke("{\"inputs\": {\"sepal_length\": [5.1], \"sepal_width\": [3.5], \"petal_length\": [1.4], "
                + "\"petal_width\": [0.2, 0.3]}}"), 400, "INVALID_PARAMETER_VALUE", "equally long");
        assertError(invoke("{\"inputs\": [" + SETOSA + "], \"params\": {\"output\": \"logits\"}}"), 400,
                "INVALID_PARAMETER_VALUE", "params.output must be one of");
        assertError(invoke("{\"inputs\": [" + SETOSA + "], \"params\": {\"temperature\": 1}}"), 400,
                "INVALID_PARAMETER_VALUE", "params.temperature is not a known field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"columns\": [\"a\"]}", "{\"instances\": [], \"inputs\": []}"})
    void exactlyOneInputForm(String body) {
        Response response = invoke(body);
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat((String) json(response).get("message")).containsAnyOf("exactly one of", "is not a known field");
    }

    @Test
    void malformedAndEmptyBodies() {
        assertError(invoke("{\"instances\": [[5.1"), 400, "BAD_REQUEST", "malformed JSON");
        assertError(invoke("[]"), 400, "BAD_REQUEST", "must be a JSON object");
        assertError(invoke(""), 400, "INVALID_PARAMETER_VALUE", "a JSON request body is required");
        assertError(invoke("{\"instances\": []}"), 400, "INVALID_PARAMETER_VALUE", "instances is empty");
    }

    @Test
    void limitsAnswerInMlflowsShape() {
        assertError(invoke("{\"instances\": [" + String.join(",", java.util.Collections.nCopies(6, SETOSA)) + "]}"),
                413, "RESOURCE_EXHAUSTED", "batch has 6 rows; the limit is 5");
    }

    @Test
    void contentTypeAndMethodErrorsAnswerInMlflowsShape() {
        assertError(post("/invocations", "text/plain", "5.1"), 415, "BAD_REQUEST",
                "send application/json or text/csv");
        assertError(RESOURCES.target("/invocations").request().get(), 405, "BAD_REQUEST", "405");
    }

    @Test
    void pingAndVersion() {
        assertThat(RESOURCES.target("/ping").request().get().getStatus()).isEqualTo(200);
        assertThat(RESOURCES.target("/version").request().get(String.class)).isEqualTo("1.0.0");
    }
}
