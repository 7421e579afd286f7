package io.irisapi.openapi;

import io.irisapi.auth.ApiKeyAuthFilter;
import io.irisapi.errors.ErrorRenderer;
import io.irisapi.protocol.ErrorShape;
import io.irisapi.protocol.Protocol;
import io.irisapi.protocol.Routes;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityScheme;

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
 * route's {@link ErrorShape} for the error body, and a 503 unless the route answers without a model. It assembles the
 * protocols' parts: their resources, their error shapes and what each {@link Protocol#document} adds.
 */
public final class OpenApiDocument {
    static final String SECURITY_SCHEME = "ApiKey";
    static final String PATH = "/openapi.json";
    /** JSON Schema 2020-12's keywords (prefixItems, const) state what the service takes, as 3.0's could not. */
    static final String VERSION = "3.1.0";

    private OpenApiDocument() {
    }

    public static OpenAPI of(List<Class<?>> resources, String serviceVersion, Routes routes) {
        List<Protocol> protocols = routes.protocols();
        OpenAPI api = new OpenAPI(SpecVersion.V31).openapi(VERSION)
                .info(new Info().title("iris-api").version(serviceVersion)
                        .description("Iris flower classifier: the service's own API, MLflow's scoring protocol, the "
                                + "Open Inference Protocol (KServe V2) and KServe V1, with one model and one set of "
                                + "input rules. Measurements are centimetres from 0 to 100.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components().addSecuritySchemes(SECURITY_SCHEME, new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(ApiKeyAuthFilter.HEADER)));
        RowSchemas.addTo(api.getComponents());
        Set<String> withoutModel = routes.withoutModel();
        Reader reader = new Reader(new SwaggerConfiguration().openAPI(api).openAPI31(true));
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
                            routes.errorShape(path.getKey()), !withoutModel.contains(path.getKey())));
                }
            }
        }
        // swagger-core also leaves a component for the JsonNode type behind those references; nothing uses it.
        api.getComponents().getSchemas().remove("JsonNode");
        for (Protocol protocol : protocols) {
            // After the resources: the reader, in 3.1 mode, retypes the properties of components it did not make.
            ModelConverters.getInstance(true).read(protocol.errors().bodyType())
                    .forEach(api.getComponents()::addSchemas);
            protocol.document(api);
        }
        return api;
    }

    /**
     * What a path segment can hold and reach a resource: Jetty refuses control characters (400), a slash would be
     * another segment, and a model's name has no colon (KServe V1's {@code :predict} follows it).
     */
    static final String PATH_SEGMENT = "^[^\\u0000-\\u001f\\u007f-\\u009f/\\\\:;%]+$";

    private static void addErrors(Operation op, String path, ErrorShape shape, boolean needsModel) {
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
            if (shape.status(422) == 422) {
                errors.put(422, "Input that breaks the model's rules; the field is named");
            }
        }
        if (op.getSecurity() != null && !op.getSecurity().isEmpty()) {
            errors.put(401, "Missing or invalid API key (X-API-Key)");
        }
        if (path.contains("{model}")) {
            errors.put(404, "The model or version named is not served");
        }
        if (needsModel) {
            errors.put(503, "No model loaded yet; retry (Retry-After)");
        }
        ApiResponses responses = op.getResponses() == null ? new ApiResponses() : op.getResponses();
        errors.forEach((status, description) -> responses.putIfAbsent(String.valueOf(status),
                new ApiResponse().description(description)));
        Schema<?> body = new Schema<>().$ref("#/components/schemas/" + shape.bodyType().getSimpleName());
        responses.forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                response.content(new Content().addMediaType("application/json", new MediaType().schema(body)));
            }
        });
        op.setResponses(responses);
    }
}
