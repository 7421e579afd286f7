package io.irisapi.resources;

import io.irisapi.api.ApiError;
import io.irisapi.api.IrisFeatures;
import io.irisapi.api.MlflowError;
import io.irisapi.api.ProtocolError;
import io.irisapi.auth.ApiKeyAuthFilter;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.Measurements;
import io.irisapi.errors.ErrorShape;
import io.irisapi.resources.mlflow.InvocationRequest;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityScheme;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI document of the resources, read from their JAX-RS and swagger annotations by swagger-core. The errors
 * every route can answer with are added here from the same facts the service acts on, so that they cannot drift
 * from it: the API key (operations with a security requirement, 401), a request body (400 malformed, 413 too large,
 * 415 wrong content type, and 422 on the service's own API), a model named in the path (404), and each resource's
 * route's {@link ErrorShape} for the error body.
 */
public final class OpenApiDocument {
    static final String SECURITY_SCHEME = "ApiKey";
    /** Components for rows that the protocols take in several JSON shapes, which no Java type of theirs describes. */
    public static final String ROWS = "#/components/schemas/FeatureRows";
    public static final String ROWS_OR_COLUMNS = "#/components/schemas/FeatureRowsOrColumns";
    public static final String TENSOR_DATA = "#/components/schemas/TensorData";
    public static final String TENSOR_VALUE = "#/components/schemas/TensorValue";
    public static final String ARRAY_ROWS = "#/components/schemas/FeatureArrays";
    public static final String MLFLOW_PREDICTION = "#/components/schemas/MlflowPrediction";
    private static final int FEATURES = IrisDataset.FEATURE_NAMES.size();
    /** The only routes that answer without a model loaded; every other one may answer 503 until then. */
    static final Set<String> WITHOUT_MODEL = Set.of("/version", "/openapi.json", "/v2", "/v2/health/live");

    private OpenApiDocument() {
    }

    public static OpenAPI of(List<Class<?>> resources, String serviceVersion) {
        OpenAPI api = new OpenAPI()
                .info(new Info().title("iris-api").version(serviceVersion)
                        .description("Iris flower classifier: the service's own API, MLflow's scoring protocol, the "
                                + "Open Inference Protocol (KServe V2) and KServe V1, with one model and one set of "
                                + "input rules. Measurements are centimetres from 0 to 100.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components().addSecuritySchemes(SECURITY_SCHEME, new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(ApiKeyAuthFilter.HEADER)));
        for (Class<?> error : List.of(ApiError.class, MlflowError.class, ProtocolError.class)) {
            ModelConverters.getInstance().read(error).forEach(api.getComponents()::addSchemas);
        }
        addRowSchemas(api.getComponents());
        Reader reader = new Reader(new SwaggerConfiguration().openAPI(api));
        List<Class<?>> sorted = resources.stream().sorted(Comparator.comparing(Class::getName)).toList();
        for (Class<?> resource : sorted) {
            Set<String> before = new HashSet<>(api.getPaths() == null ? Set.of() : api.getPaths().keySet());
            api = reader.read(Set.of(resource));
            if (api.getPaths() == null) {
                continue;
            }
            for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
                if (!before.contains(path.getKey())) {
                    path.getValue().readOperations().forEach(op -> addErrors(op, path.getKey(),
                            ErrorShape.ofPath(path.getKey())));
                }
            }
        }
        // swagger-core also leaves a component for the JsonNode type behind those references; nothing uses it.
        api.getComponents().getSchemas().remove("JsonNode");
        // Free-form values (Java's Object: row labels, parameters) are any JSON value, not only objects.
        anyItems(api, "MlflowDataframeSplit", "index");
        anyValues(api, "InferenceRequest", "parameters");
        anyValues(api, "InferenceRequestInput", "parameters");
        anyValues(api, "InferenceRequestOutput", "parameters");
        // Bodies whose input may come under one of several fields take exactly one of them.
        exactlyOneOf(api.getComponents().getSchemas().get("MlflowInvocationRequest"), InvocationRequest.FORMS);
        exactlyOneOf(api.getComponents().getSchemas().get("V1PredictRequest"), List.of("instances", "inputs"));
        return api;
    }

    /** A row: 4 numbers in API order, or an object keyed by column name; and arrays and objects of columns. */
    private static void addRowSchemas(Components components) {
        Schema<?> value = new NumberSchema().minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(Measurements.MAX_CM));
        Schema<?> array = new ArraySchema().items(value).minItems(FEATURES).maxItems(FEATURES);
        Schema<?> row = new ComposedSchema().oneOf(List.of(array, new Schema<>().$ref("#/components/schemas/IrisFeatures")))
                .description("A row: " + IrisDataset.FEATURE_NAMES + " as an array in that order, or as an object");
        ObjectSchema columns = new ObjectSchema();
        IrisDataset.FEATURE_NAMES.forEach(name -> columns.addProperty(name, new ArraySchema().items(value).minItems(1)));
        columns.required(IrisDataset.FEATURE_NAMES).additionalProperties(false)
                .description("Columns: one array of values per feature, all equally long");
        components.addSchemas("FeatureRows", new ArraySchema().items(row).minItems(1));
        components.addSchemas("FeatureArrays", new ArraySchema().items(array).minItems(1));
        Schema<?> probabilities = new ObjectSchema();
        IrisDataset.CLASS_LABELS.forEach(label -> probabilities.addProperty(label, new NumberSchema()));
        components.addSchemas("MlflowPrediction", new ComposedSchema().oneOf(List.of(
                new StringSchema()._enum(IrisDataset.CLASS_LABELS),
                new IntegerSchema().minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(IrisDataset.CLASS_LABELS.size() - 1)),
                probabilities)).description("Per params.output: the label (default), the class index, or the probabilities"));
        components.addSchemas("FeatureRowsOrColumns", new ComposedSchema().oneOf(List.of(
                new Schema<>().$ref(ROWS), columns)));
        components.addSchemas("TensorData", new ComposedSchema().oneOf(List.of(
                new ArraySchema().items(value).minItems(FEATURES), new ArraySchema().items(array).minItems(1)))
                .description("N*4 values row-major, flat or as N arrays of 4"));
        components.addSchemas("TensorValue", new ComposedSchema().oneOf(List.of(new NumberSchema(), new StringSchema()))
                .description("A number, or a string in a BYTES tensor"));
        ModelConverters.getInstance().read(IrisFeatures.class).forEach(components::addSchemas);
    }

    private static Schema<?> property(OpenAPI api, String schema, String property) {
        return (Schema<?>) api.getComponents().getSchemas().get(schema).getProperties().get(property);
    }

    private static void anyItems(OpenAPI api, String schema, String property) {
        Schema<?> array = property(api, schema, property);
        array.setItems(new Schema<>().description(array.getItems().getDescription()));
    }

    private static void anyValues(OpenAPI api, String schema, String property) {
        property(api, schema, property).setAdditionalProperties(true);
    }

    private static void exactlyOneOf(Schema<?> schema, List<String> fields) {
        schema.setOneOf(fields.stream().<Schema>map(field -> new Schema<>().required(List.of(field))).toList());
    }

    /**
     * What a path segment can hold and reach a resource: Jetty refuses control characters (400), a slash would be
     * another segment, and a model's name has no colon (KServe V1's {@code :predict} follows it).
     */
    static final String PATH_SEGMENT = "^[^\\u0000-\\u001f\\u007f-\\u009f/\\\\:;%]+$";

    private static void addErrors(Operation op, String path, ErrorShape shape) {
        if (op.getParameters() != null) {
            op.getParameters().stream().filter(p -> "path".equals(p.getIn()))
                    .forEach(p -> p.getSchema().pattern(PATH_SEGMENT));
        }
        if (op.getRequestBody() != null) {
            op.getRequestBody().setRequired(true);
        }
        Map<Integer, String> errors = new LinkedHashMap<>();
        if (op.getRequestBody() != null) {
            errors.put(400, "Malformed body, or (protocols) input that breaks the model's rules");
            errors.put(413, "Body larger than the limit, or more rows than the batch limit");
            errors.put(415, "Content type not taken");
            if (shape == ErrorShape.SERVICE) {
                errors.put(422, "Input that breaks the model's rules; the field is named");
            }
        }
        if (op.getSecurity() != null && !op.getSecurity().isEmpty()) {
            errors.put(401, "Missing or invalid API key (X-API-Key)");
        }
        if (path.contains("{model}")) {
            errors.put(404, "The model or version named is not served");
        }
        if (!WITHOUT_MODEL.contains(path)) {
            errors.put(503, "No model loaded yet; retry (Retry-After)");
        }
        ApiResponses responses = op.getResponses() == null ? new ApiResponses() : op.getResponses();
        errors.forEach((status, description) -> responses.putIfAbsent(String.valueOf(status),
                new ApiResponse().description(description)));
        Schema<?> body = new Schema<>().$ref("#/components/schemas/" + switch (shape) {
            case SERVICE -> "ApiError";
            case MLFLOW -> "MlflowError";
            case INFERENCE -> "ProtocolError";
        });
        responses.forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                response.content(new Content().addMediaType("application/json", new MediaType().schema(body)));
            }
        });
        op.setResponses(responses);
    }
}
