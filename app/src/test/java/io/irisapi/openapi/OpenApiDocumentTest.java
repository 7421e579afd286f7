package io.irisapi.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.irisapi.IrisConfiguration;
import io.irisapi.protocol.ServingApp;
import jakarta.annotation.security.PermitAll;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.irisapi.protocol.ServingApp.request;
import static org.assertj.core.api.Assertions.assertThat;

/** The published document and the routes Jersey serves must be the same set, with the same auth. */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiDocumentTest {
    static final DropwizardAppExtension<IrisConfiguration> APP = ServingApp.extension();
    static JsonNode document;

    @BeforeAll
    static void fetch() throws Exception {
        // Built on first request; swagger-core's model readers take a few seconds to warm up on a busy machine.
        document = new ObjectMapper().readTree(request(APP, "/openapi.json", false)
                .property(ClientProperties.READ_TIMEOUT, 60_000).get(String.class));
    }

    /** "POST /v2/models/{model}/infer" -> whether the method takes the API key, for every route Jersey serves. */
    private static Map<String, Boolean> jerseyRoutes() {
        Map<String, Boolean> routes = new HashMap<>();
        var config = APP.getEnvironment().jersey().getResourceConfig();
        Stream.concat(config.getInstances().stream().map(Object::getClass), config.getClasses().stream())
                .filter(c -> c.isAnnotationPresent(jakarta.ws.rs.Path.class))
                .forEach(c -> collect(Resource.from(c), "", routes));
        return routes;
    }

    private static void collect(Resource resource, String parent, Map<String, Boolean> routes) {
        String path = (parent + "/" + resource.getPath()).replaceAll("/+", "/").replaceAll("(.)/$", "$1")
                .replaceAll("\\{(\\w+):[^}]*}", "{$1}"); // a template's regex is not part of the documented path
        for (ResourceMethod method : resource.getResourceMethods()) {
            var java = method.getInvocable().getDefinitionMethod();
            boolean keyed = java.isAnnotationPresent(PermitAll.class)
                    || java.getDeclaringClass().isAnnotationPresent(PermitAll.class);
            routes.put(method.getHttpMethod() + " " + path, keyed);
        }
        resource.getChildResources().forEach(child -> collect(child, path, routes));
    }

    private static Map<String, JsonNode> documentedOperations() {
        Map<String, JsonNode> operations = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fields().forEachRemaining(op ->
                    operations.put(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue()));
        }
        return operations;
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists() {
        Map<String, Boolean> routes = jerseyRoutes();
        assertThat(routes).containsKeys("POST /invocations", "POST /v2/models/{model}/infer",
                "POST /v1/models/{model}:predict", "POST /predict", "GET /openapi.json");
        assertThat(documentedOperations().keySet()).containsExactlyInAnyOrderElementsOf(routes.keySet());
    }

    @Test
    void securityIsDocumentedExactlyWhereTheKeyIsRequired() {
        Map<String, JsonNode> operations = documentedOperations();
        jerseyRoutes().forEach((route, keyed) -> {
            JsonNode op = operations.get(route);
            assertThat(op.has("security")).as(route).isEqualTo(keyed);
            assertThat(op.get("responses").has("401")).as(route).isEqualTo(keyed);
        });
        assertThat(document.at("/components/securitySchemes/ApiKey/name").asText()).isEqualTo("X-API-Key");
    }

    /** NotReadyTest has these answer without a model, and the others 503. */
    @Test
    void only503WhereARouteNeedsAModel() {
        List<String> withoutModel = new ArrayList<>();
        documentedOperations().forEach((route, op) -> {
            if (!op.get("responses").has("503")) {
                withoutModel.add(route);
            }
        });
        assertThat(withoutModel).containsExactlyInAnyOrder("GET /", "GET /version", "GET /openapi.json", "GET /v2",
                "GET /v2/health/live");
    }

    @Test
    void requestBodiesCarryTheirErrorsAndBounds() {
        List<String> bodyless = new ArrayList<>();
        documentedOperations().forEach((route, op) -> {
            if (!op.has("requestBody")) {
                bodyless.add(route);
                return;
            }
            assertThat(op.get("responses").has("413")).as(route).isTrue();
            assertThat(op.get("responses").has("415")).as(route).isTrue();
            assertThat(op.get("responses").has("503")).as(route).isTrue();
        });
        assertThat(bodyless).contains("GET /ping", "GET /v2/health/ready");
        assertThat(document.at("/paths/~1predict/post/responses/422/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/ApiError");
        assertThat(document.at("/paths/~1invocations/post/responses/400/content/application~1json/schema/$ref")
                .asText()).isEqualTo("#/components/schemas/MlflowError");
        JsonNode features = document.at("/components/schemas/IrisFeatures");
        assertThat(features.get("additionalProperties").asBoolean()).isFalse();
        assertThat(features.get("required")).hasSize(4);
        assertThat(features.at("/properties/petal_width/maximum").asInt()).isEqualTo(100);
        assertThat(document.at("/paths/~1invocations/post/requestBody/content").has("text/csv")).isTrue();
    }

    /** What the service answers and refuses, as the document says: tensor values, and a split's columns. */
    @Test
    void schemasAgreeWithTheService() {
        JsonNode data = document.at("/components/schemas/Output/properties/data/items");
        assertThat(data.path("type").asText()).as(data.toString()).isNotEqualTo("object");
        JsonNode value = document.at(data.get("$ref").asText().substring(1));
        assertThat(value.get("oneOf").findValuesAsText("type")).containsExactlyInAnyOrder("number", "string");
        JsonNode columns = document.at("/components/schemas/MlflowDataframeSplit/properties/columns");
        assertThat(columns.get("minItems").asInt()).isEqualTo(4);
        assertThat(columns.get("maxItems").asInt()).isEqualTo(4);
        assertThat(columns.get("uniqueItems").asBoolean()).isTrue();
        // Free-form values are any JSON value: an index of integers, parameters of booleans.
        assertThat(document.at("/components/schemas/MlflowDataframeSplit/properties/index/items").has("type")).isFalse();
        assertThat(document.at("/components/schemas/InferenceRequestInput/properties/parameters/additionalProperties")
                .asBoolean()).isTrue();
    }

    /**
     * OpenAPI 3.1 (JSON Schema 2020-12) states what the service refuses, so that a client built from the document
     * sends what the service takes: a tensor of shape [N, 4] with N within the batch limit, a model_version that is
     * not empty, a CSV body whose first row names the four columns, params that may be null.
     */
    @Test
    void schemasAreAsStrictAsTheService() {
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        JsonNode shape = document.at("/components/schemas/InferenceRequestInput/properties/shape");
        assertThat(shape.get("minItems").asInt()).isEqualTo(2);
        assertThat(shape.get("maxItems").asInt()).isEqualTo(2);
        assertThat(shape.at("/prefixItems/0/minimum").asInt()).isEqualTo(1);
        assertThat(shape.at("/prefixItems/0/maximum").asInt()).as("ServingApp's limits.maxBatchRows").isEqualTo(5);
        assertThat(shape.at("/prefixItems/1/const").asInt()).isEqualTo(4);
        assertThat(shape.has("items")).as("items would also bind the second dimension to the first's rule").isFalse();
        assertThat(document.at("/components/schemas/InferenceRequest/properties/model_version/minLength").asInt())
                .isEqualTo(1);

        JsonNode csv = document.at("/paths/~1invocations/post/requestBody/content/text~1csv/schema");
        assertThat(csv.get("type").asText()).isEqualTo("string");
        Pattern header = Pattern.compile(csv.get("pattern").asText());
        assertThat(header.matcher("sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2").find())
                .isTrue();
        assertThat(header.matcher("\uFEFF\"sepal length (cm)\", sepal width (cm),petal_length,petal_width\r\n1,2,3,4")
                .find()).isTrue();
        assertThat(header.matcher("00\n1,2,3,4").find()).isFalse();
        assertThat(header.matcher("sepal_length,sepal_width,petal_length\n1,2,3").find()).isFalse();

        JsonNode params = document.at("/components/schemas/MlflowInvocationRequest/properties/params");
        assertThat(params.get("anyOf").findValuesAsText("type")).containsExactly("null");
        assertThat(params.toString()).doesNotContain("nullable");
        // swagger-core's 3.1 reader retypes components it did not make itself: the error bodies keep their types.
        assertThat(document.at("/components/schemas/ApiError/properties/code/type").asText()).isEqualTo("integer");
        assertThat(document.at("/components/schemas/ProtocolError/properties/error/type").asText()).isEqualTo("string");
    }

    /** Every reference names a component the document has (swagger-core leaves some to types it was not given). */
    @Test
    void everyReferenceResolves() {
        List<String> dangling = new ArrayList<>();
        danglingReferences(document, "", dangling);
        assertThat(dangling).as("where: the reference").isEmpty();
    }

    private static void danglingReferences(JsonNode node, String at, List<String> dangling) {
        if (node.has("$ref") && document.at(node.get("$ref").asText().substring(1)).isMissingNode()) {
            dangling.add(at + ": " + node.get("$ref").asText());
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            danglingReferences(field.getValue(), at + "/" + field.getKey(), dangling);
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            danglingReferences(node.get(i), at + "/" + i, dangling);
        }
    }
}
