package io.irisapi.openapi;

import io.irisapi.core.IrisDataset;
import io.irisapi.core.Measurements;
import io.irisapi.protocol.iris.IrisFeatures;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

import java.math.BigDecimal;
import java.util.List;

/**
 * The OpenAPI schemas of the wire forms the codec reads, which no Java type describes (the protocols take rows in
 * several JSON shapes): the protocols' request types refer to them by these names.
 */
public final class RowSchemas {
    public static final String ROWS = "#/components/schemas/FeatureRows";
    public static final String ROWS_OR_COLUMNS = "#/components/schemas/FeatureRowsOrColumns";
    public static final String TENSOR_DATA = "#/components/schemas/TensorData";
    public static final String TENSOR_VALUE = "#/components/schemas/TensorValue";
    public static final String ARRAY_ROWS = "#/components/schemas/FeatureArrays";
    private static final int FEATURES = IrisDataset.FEATURE_NAMES.size();

    private RowSchemas() {
    }

    /** A row: 4 numbers in API order, or an object keyed by column name; and arrays and objects of columns. */
    public static void addTo(Components components) {
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
        components.addSchemas("FeatureRowsOrColumns", new ComposedSchema().oneOf(List.of(
                new Schema<>().$ref(ROWS), columns)));
        components.addSchemas("TensorData", new ComposedSchema().oneOf(List.of(
                new ArraySchema().items(value).minItems(FEATURES), new ArraySchema().items(array).minItems(1)))
                .description("N*4 values row-major, flat or as N arrays of 4"));
        components.addSchemas("TensorValue", new ComposedSchema().oneOf(List.of(new NumberSchema(), new StringSchema()))
                .description("A number, or a string in a BYTES tensor"));
        ModelConverters.getInstance(true).read(IrisFeatures.class).forEach(components::addSchemas);
    }
}
