package io.irisapi.protocol.mlflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irisapi.codec.ColumnNames;
import io.irisapi.core.IrisDataset;
import io.irisapi.dataplane.DataPlane;
import io.irisapi.protocol.ErrorShape;
import io.irisapi.protocol.OpenApiParts;
import io.irisapi.protocol.Protocol;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** MLflow's scoring server ({@code mlflow models serve}): /invocations, /ping, /version. */
public final class MlflowProtocol implements Protocol {
    static final String PREDICTION = "#/components/schemas/MlflowPrediction";

    private final DataPlane dataPlane;
    private final ObjectMapper json;
    private final String serviceVersion;

    public MlflowProtocol(DataPlane dataPlane, ObjectMapper json, String serviceVersion) {
        this.dataPlane = dataPlane;
        this.json = json;
        this.serviceVersion = serviceVersion;
    }

    @Override
    public String name() {
        return "mlflow";
    }

    @Override
    public List<Object> components() {
        return List.of(new PingResource(dataPlane), new VersionResource(serviceVersion),
                new InvocationsResource(dataPlane, json));
    }

    @Override
    public ErrorShape errors() {
        return new MlflowErrors();
    }

    /**
     * A CSV body starts with a header row naming four columns, as the API or scikit-learn names them, each maybe
     * quoted and padded; the service also wants each once, which a pattern cannot say in the form fuzzers read.
     */
    static String csvHeader() {
        String name = Stream.concat(IrisDataset.FEATURE_NAMES.stream(), ColumnNames.SKLEARN_NAMES.stream())
                .map(n -> n.replace("(", "\\(").replace(")", "\\)")) // letters, spaces and "(cm)"
                .collect(Collectors.joining("|"));
        String cell = "[ \\t]*\"?(" + name + ")\"?[ \\t]*";
        return "^\\uFEFF?" + cell + "(," + cell + "){3}\\r?\\n";
    }

    @Override
    public void document(OpenAPI api) {
        Schema<?> probabilities = new ObjectSchema();
        IrisDataset.CLASS_LABELS.forEach(label -> probabilities.addProperty(label, new NumberSchema()));
        api.getComponents().addSchemas("MlflowPrediction", new ComposedSchema().oneOf(List.of(
                new StringSchema()._enum(IrisDataset.CLASS_LABELS),
                new IntegerSchema().minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(IrisDataset.CLASS_LABELS.size() - 1)),
                probabilities)).description("Per params.output: the label (default), the class index, or the probabilities"));
        OpenApiParts.anyItems(api, "MlflowDataframeSplit", "index");
        OpenApiParts.exactlyOneOf(api, "MlflowInvocationRequest", InvocationRequest.FORMS);
        OpenApiParts.nullable(api, "MlflowInvocationRequest", "params");
        api.getPaths().get("/invocations").getPost().getRequestBody().getContent().get(InvocationsResource.CSV)
                .getSchema().pattern(csvHeader());
    }
}
