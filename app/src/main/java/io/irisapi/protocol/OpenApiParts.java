package io.irisapi.protocol;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;

import java.util.List;
import java.util.Set;

/** What the protocols' parts of the OpenAPI document say that their types' annotations cannot. */
public final class OpenApiParts {
    private OpenApiParts() {
    }

    private static Schema<?> property(OpenAPI api, String schema, String property) {
        return (Schema<?>) api.getComponents().getSchemas().get(schema).getProperties().get(property);
    }

    /** Free-form items (Java's Object: row labels) are any JSON value, not only objects. */
    public static void anyItems(OpenAPI api, String schema, String property) {
        Schema<?> array = property(api, schema, property);
        array.setItems(new Schema<>().description(array.getItems().getDescription()));
    }

    /** Free-form values (parameters) are any JSON value, not only objects. */
    public static void anyValues(OpenAPI api, String schema, String property) {
        property(api, schema, property).setAdditionalProperties(true);
    }

    /** A property the service also takes as null (the same as leaving it out). */
    public static void nullable(OpenAPI api, String schema, String property) {
        Schema<?> given = property(api, schema, property);
        Schema<?> value = new Schema<>().$ref(given.get$ref());
        given.set$ref(null);
        given.anyOf(List.of(value, new JsonSchema().types(Set.of("null"))));
    }

    /** A body whose input may come under one of several fields takes exactly one of them. */
    public static void exactlyOneOf(OpenAPI api, String schema, List<String> fields) {
        api.getComponents().getSchemas().get(schema)
                .setOneOf(fields.stream().<Schema>map(field -> new Schema<>().required(List.of(field))).toList());
    }
}
