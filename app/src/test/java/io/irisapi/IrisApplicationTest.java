package io.irisapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole application on random ports, as `server iris-api.yml` runs it, with two keys configured. */
@ExtendWith(DropwizardExtensionsSupport.class)
class IrisApplicationTest {
    static final String KEY = "test-key-one";
    static final String ROTATED_KEY = "test-key-two";
    static final String SETOSA = "{\"sepal_length\":5.1,\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2}";
    static final String VIRGINICA = "{\"sepal_length\":6.3,\"sepal_width\":3.3,\"petal_length\":6.0,\"petal_width\":2.5}";

    static final DropwizardAppExtension<IrisConfiguration> APP = new DropwizardAppExtension<>(
            IrisApplication.class, ResourceHelpers.resourceFilePath("iris-api.yml"),
            ConfigOverride.config("server.applicationConnectors[0].port", "0"),
            ConfigOverride.config("server.adminConnectors[0].port", "0"),
            ConfigOverride.config("apiKeys", KEY + "," + ROTATED_KEY),
            ConfigOverride.config("limits.maxBatchRows", "5"),
            // No load balancer to drain in a test: without this, every stop waits the production 10 s.
            ConfigOverride.config("health.shutdownWaitPeriod", "0s"));

    @BeforeAll
    static void waitForModel() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (get("/health").getStatus() != 200) {
            assertThat(System.currentTimeMillis()).as("model loaded within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /**
     * One connection per request: some cases here make the server close the connection (a 413 before the body is
     * read, a request Jetty rejects), and a pooled connection closed that way would fail the next test instead.
     */
    static Invocation.Builder request(String path) {
        return APP.client().target("http://localhost:" + APP.getLocalPort() + path).request()
                .header("Connection", "close");
    }

    static Response get(String path) {
        return buffered(request(path).get());
    }

    /** Reads the body at once, so that the pooled connection is released whatever the test reads. */
    static Response buffered(Response response) {
        response.bufferEntity();
        return response;
    }

    static Response post(String path, String key, String json) {
        Invocation.Builder builder = request(path);
        if (key != null) {
            builder.header("X-API-Key", key);
        }
        return buffered(builder.post(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE)));
    }

    static JsonNode json(Response response) {
        return response.readEntity(JsonNode.class);
    }

    @Nested
    class Serving {
        @Test
        void healthFollowsTheSeedContract() {
            Response response = get("/health");
            JsonNode body = json(response);

            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(body.get("status").asText()).isEqualTo("healthy");
            assertThat(body.get("model_loaded").asBoolean()).isTrue();
            assertThat(body.get("version").asText()).isNotBlank();
            assertThat(body.get("model_version").asText()).isEqualTo("embedded-logistic");
        }

        @Test
        void predictAnswersWithClassProbabilitiesAndVersion() {
            Response response = post("/predict", KEY, VIRGINICA);
            JsonNode body = json(response);

            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaderString("X-Model-Version")).isEqualTo("embedded-logistic");
            assertThat(body.get("prediction").asText()).isEqualTo("virginica");
            assertThat(body.get("class_index").asInt()).isEqualTo(2);
            assertThat(body.get("model_version").asText()).isEqualTo("embedded-logistic");
            JsonNode p = body.get("probabilities");
            assertThat(p.get("setosa").asDouble() + p.get("versicolor").asDouble() + p.get("virginica").asDouble())
                    .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(p.get("virginica").asDouble()).isGreaterThan(0.5);
        }

        @Test
        void batchAnswersEveryRowInOrder() {
            Response response = post("/predict/batch", KEY, "{\"instances\":[" + SETOSA + "," + VIRGINICA + "]}");
            JsonNode body = json(response);

            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaderString("X-Model-Version")).isEqualTo("embedded-logistic");
            assertThat(body.get("model_version").asText()).isEqualTo("embedded-logistic");
            assertThat(body.get("predictions")).hasSize(2);
            assertThat(body.get("predictions").get(0).get("prediction").asText()).isEqualTo("setosa");
            assertThat(body.get("predictions").get(1).get("prediction").asText()).isEqualTo("virginica");
            assertThat(body.get("predictions").get(0).has("model_version")).isFalse();
        }

        @Test
        void modelDescribesTheEmbeddedModel() {
            Response response = buffered(request("/model").header("X-API-Key", KEY).get());
            JsonNode body = json(response);

            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(body.get("algorithm").asText()).isEqualTo("Logistic");
            assertThat(body.get("embedded").asBoolean()).isTrue();
            assertThat(body.get("scorer").asText()).as("a Logistic model skips Weka").isEqualTo("compiled-logistic");
            assertThat(body.get("source").asText()).contains("embedded");
            assertThat(body.get("metrics").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.93);
            assertThat(body.get("feature_names").toString()).contains("sepal_length", "petal_width");
            assertThat(body.get("class_labels").toString()).contains("setosa", "versicolor", "virginica");
            assertThat(body.get("loaded_at").asText()).startsWith("20");
            JsonNode petalLength = body.get("reference").get("features").get("petal_length");
            assertThat(petalLength.get("shares").size()).isEqualTo(petalLength.get("edges").size() + 1);
            assertThat(body.get("reference").get("class_shares").get("setosa").asDouble()).isEqualTo(0.333333);
        }

        @Test
        void requestIdIsEchoedOrMade() {
            assertThat(buffered(request("/health").header("X-Request-Id", "abc-123").get())
                    .getHeaderString("X-Request-Id")).isEqualTo("abc-123");
            assertThat(buffered(request("/health").header("X-Request-Id", "<script>").get())
                    .getHeaderString("X-Request-Id")).matches("[0-9a-f-]{36}");
            assertThat(get("/health").getHeaderString("X-Request-Id")).matches("[0-9a-f-]{36}");
        }

        @Test
        void livenessAndReadinessAreOpen() {
            assertThat(get("/health-check?type=alive").getStatus()).isEqualTo(200);
            assertThat(get("/health-check?type=ready").getStatus()).isEqualTo(200);
        }

        @Test
        void adminExposesPrometheusMetrics() {
            post("/predict", KEY, SETOSA).close();
            post("/predict", "wrong-key", SETOSA).close();
            String base = "http://localhost:" + APP.getAdminPort();

            String text = APP.client().target(base + "/prometheus").request().get(String.class);

            assertThat(text).contains("iris_model_info{algorithm=\"Logistic\"")
                    .contains("version=\"embedded-logistic\"")
                    .contains("iris_model_scorer_info{scorer=\"compiled-logistic\"} 1")
                    .containsPattern("iris_predictions_total\\{class=\"setosa\",role=\"champion\"\\} [1-9]")
                    .containsPattern("iris_auth_failures_total [1-9]")
                    .contains("iris_model_loads_total 1.0")
                    .contains("iris_model_loaded 1.0")
                    .containsPattern("iris_http_requests_total\\{code=\"401\",protocol=\"iris\",route=\"/predict\"\\} [1-9]")
                    .contains("iris_http_request_duration_seconds_sum{protocol=\"iris\",route=\"/predict\"}");
            assertThat(buffered(APP.client().target(base + "/healthcheck").request().get()).getStatus()).isEqualTo(200);
        }
    }

    @Nested
    class Auth {
        @Test
        void missingAndWrongKeysGetTheSame401() {
            Response missing = post("/predict", null, SETOSA);
            Response wrong = post("/predict", "not-the-key", SETOSA);
            Response empty = post("/predict", "", SETOSA);

            assertThat(missing.getStatus()).isEqualTo(401);
            assertThat(wrong.getStatus()).isEqualTo(401);
            assertThat(empty.getStatus()).isEqualTo(401);
            String body = missing.readEntity(String.class);
            assertThat(wrong.readEntity(String.class)).isEqualTo(body);
            assertThat(empty.readEntity(String.class)).isEqualTo(body);
            assertThat(body).contains("\"code\":401").contains("X-API-Key").doesNotContain("not-the-key");
        }

        @Test
        void bothRotatedKeysWork() {
            assertThat(post("/predict", KEY, SETOSA).getStatus()).isEqualTo(200);
            assertThat(post("/predict", ROTATED_KEY, SETOSA).getStatus()).isEqualTo(200);
        }

        @Test
        void everyPredictionRouteNeedsAKey() {
            assertThat(post("/predict/batch", null, "{\"instances\":[" + SETOSA + "]}").getStatus()).isEqualTo(401);
            assertThat(get("/model").getStatus()).isEqualTo(401);
        }

        @Test
        void aKeyElsewhereThanTheHeaderDoesNotCount() {
            Response query = buffered(APP.client().target("http://localhost:" + APP.getLocalPort() + "/predict")
                    .queryParam("api_key", KEY).request().header("Connection", "close")
                    .post(Entity.entity(SETOSA, MediaType.APPLICATION_JSON_TYPE)));
            Response bearer = buffered(request("/predict").header("Authorization", "Bearer " + KEY)
                    .post(Entity.entity(SETOSA, MediaType.APPLICATION_JSON_TYPE)));
            Response huge = post("/predict", KEY.repeat(100), SETOSA);

            assertThat(query.getStatus()).isEqualTo(401);
            assertThat(bearer.getStatus()).isEqualTo(401);
            assertThat(huge.getStatus()).isEqualTo(401);
        }
    }

    @Nested
    class BadInput {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                missing field      | {"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4}                                       | petal_width
                null               | {"sepal_length":null,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}                    | sepal_length
                wrong type         | {"sepal_length":"long","sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}                  | sepal_length
                number as string   | {"sepal_length":"5.1","sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}                   | sepal_length
                boolean            | {"sepal_length":true,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}                    | sepal_length
                NaN                | {"sepal_length":NaN,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}                     | sepal_length
                Infinity           | {"sepal_length":5.1,"sepal_width":Infinity,"petal_length":1.4,"petal_width":0.2}                | sepal_width
                negative           | {"sepal_length":5.1,"sepal_width":3.5,"petal_length":-1.4,"petal_width":0.2}                    | petal_length
                absurd             | {"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":250}                     | petal_width
                unknown field      | {"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2,"colour":"blue"}     | colour
                """)
        void invalidFieldsAre422NamingTheField(String caseName, String body, String field) {
            Response response = post("/predict", KEY, body);
            JsonNode error = json(response);

            assertThat(response.getStatus()).isEqualTo(422);
            assertThat(error.get("code").asInt()).isEqualTo(422);
            assertThat(error.get("field").asText()).isEqualTo(field);
            assertThat(error.get("message").asText()).contains(field).doesNotContain("Exception");
        }

        @Test
        void badRowInABatchIsLocated() {
            Response response = post("/predict/batch", KEY,
                    "{\"instances\":[" + SETOSA + ",{\"sepal_length\":5.1,\"sepal_width\":-3,\"petal_length\":1,\"petal_width\":1}]}");

            assertThat(response.getStatus()).isEqualTo(422);
            assertThat(json(response).get("field").asText()).isEqualTo("instances[1].sepal_width");
        }

        @Test
        void wrongTypeInABatchIsLocated() {
            Response response = post("/predict/batch", KEY, "{\"instances\":[" + SETOSA + ",{\"sepal_length\":[1]}]}");

            assertThat(response.getStatus()).isEqualTo(422);
            assertThat(json(response).get("field").asText()).isEqualTo("instances[1].sepal_length");
        }

        @Test
        void unknownFieldInABatchIsLocated() {
            Response response = post("/predict/batch", KEY, "{\"instances\":[" + SETOSA + ","
                    + SETOSA.replace("}", ",\"colour\":\"blue\"}") + "]}");

            assertThat(response.getStatus()).isEqualTo(422);
            assertThat(json(response).get("field").asText()).isEqualTo("instances[1].colour");
        }

        /** Rows are checked for duplicate keys by the row reader, the rest of the body by the parser: both refuse. */
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                in the first row  | {"instances":[{"sepal_length":5.1,"sepal_length":5.2,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}]}                                                                       | sepal_length
                in a later row    | {"instances":[{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2},{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2,"petal_width":0.3}]} | petal_width
                after the rows    | {"instances":[{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}],"instances":[]}                                                                 | instances
                """)
        void duplicateKeysInABatchAre400(String caseName, String body, String key) {
            Response response = post("/predict/batch", KEY, body);

            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(json(response).get("message").asText()).contains("Duplicate field '" + key + "'");
        }

        @Test
        void emptyAndMissingBatchesAre422() {
            assertThat(post("/predict/batch", KEY, "{\"instances\":[]}").getStatus()).isEqualTo(422);
            Response missing = post("/predict/batch", KEY, "{}");
            assertThat(missing.getStatus()).isEqualTo(422);
            assertThat(json(missing).get("field").asText()).isEqualTo("instances");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                truncated          | {"sepal_length":5.1,"sepal_wi
                not JSON           | sepal_length=5.1
                duplicate key      | {"sepal_length":5.1,"sepal_length":5.2,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}
                huge number        | {"sepal_length":1111111111111111111111111111111111111111111111111111111111111111111111111111,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}
                array body         | [1,2,3,4]
                empty body         | ''
                """)
        void malformedJsonIs400(String caseName, String body) {
            Response response = post("/predict", KEY, body);
            JsonNode error = json(response);

            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(error.get("code").asInt()).isEqualTo(400);
            assertThat(error.get("message").asText()).isNotBlank().doesNotContain("at [Source");
        }

        @Test
        void deepNestingIs400() {
            Response response = post("/predict", KEY, "[".repeat(5000) + "]".repeat(5000));

            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(json(response).get("code").asInt()).isEqualTo(400);
        }

        @Test
        void bodyOverTheLimitIs413() {
            String padding = " ".repeat(70 * 1024);
            Response response = post("/predict", KEY, "{\"sepal_length\":5.1," + padding + "}");

            assertThat(response.getStatus()).isEqualTo(413);
            assertThat(json(response).get("message").asText()).contains("larger than 65536 bytes");
        }

        /** Methods marked @BatchInput get the batch body limit (1 MiB), the others the body limit (64 KiB). */
        @Test
        void batchBodiesHaveTheirOwnLimit() {
            String padding = " ".repeat(70 * 1024);
            Response response = post("/predict/batch", KEY, "{\"instances\":[" + SETOSA + "]" + padding + "}");

            assertThat(response.getStatus()).isEqualTo(200);
        }

        @Test
        void tooManyRowsIs413() {
            String rows = String.join(",", java.util.Collections.nCopies(6, SETOSA));
            Response response = post("/predict/batch", KEY, "{\"instances\":[" + rows + "]}");

            assertThat(response.getStatus()).isEqualTo(413);
            assertThat(json(response).get("message").asText()).isEqualTo("batch has 6 rows; the limit is 5");
        }

        @Test
        void wrongContentTypeIs415() {
            Response response = buffered(request("/predict").header("X-API-Key", KEY)
                    .post(Entity.entity("sepal_length=5.1", MediaType.TEXT_PLAIN_TYPE)));

            assertThat(response.getStatus()).isEqualTo(415);
            assertThat(json(response).get("code").asInt()).isEqualTo(415);
        }

        @Test
        void errorsJettyAnswersItselfAreJsonToo() {
            Response response = get("/predict%00x");

            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.getMediaType().toString()).startsWith("application/json");
            assertThat(json(response).get("code").asInt()).isEqualTo(400);
        }

        @Test
        void wrongMethodIs405() {
            Response response = buffered(request("/predict").header("X-API-Key", KEY).get());

            assertThat(response.getStatus()).isEqualTo(405);
            assertThat(json(response).get("code").asInt()).isEqualTo(405);
        }
    }
}
