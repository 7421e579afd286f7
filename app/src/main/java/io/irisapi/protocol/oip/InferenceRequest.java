package io.irisapi.protocol.oip;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.irisapi.dataplane.DataPlane;
import io.irisapi.openapi.RowSchemas;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * An Open Inference Protocol inference request (REST), as KServe V2, Triton and MLServer define it. KServe's SDK also
 * names the model (and its version) in the body, as the protocol's gRPC form does; they must agree with the path.
 */
@Schema(name = "InferenceRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record InferenceRequest(
        @Schema(description = "The model named in the path, if given (KServe's SDK sends it).",
                allowableValues = DataPlane.MODEL)
        @JsonProperty("model_name") String modelName,
        @Schema(description = "The version named in the path, or the one served, if given.", minLength = 1)
        @JsonProperty("model_version") String modelVersion,
        @Schema(description = "Echoed in the response.")
        String id,
        @Schema(description = "Request parameters; none change the answer.")
        Map<String, Object> parameters,
        @ArraySchema(minItems = 1, maxItems = 1, schema = @Schema(implementation = Input.class),
                arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED))
        List<Input> inputs,
        @ArraySchema(schema = @Schema(implementation = Output.class),
                arraySchema = @Schema(description = "Outputs to return; all three when absent."))
        List<Output> outputs) {

    /** The one input tensor: rows of the four measurements, in centimetres. */
    @Schema(name = "InferenceRequestInput", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record Input(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Any name; the model has one input.")
            String name,
            @ArraySchema(minItems = 2, maxItems = 2, schema = @Schema(minimum = "1"),
                    arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                            description = "[N, 4]: N rows of sepal_length, sepal_width, petal_length, petal_width."))
            List<Long> shape,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"FP32", "FP64"})
            String datatype,
            @Schema(description = "Tensor parameters; binary_data_size (binary tensors) is not supported.")
            Map<String, Object> parameters,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, ref = RowSchemas.TENSOR_DATA)
            JsonNode data) {
    }

    /** A requested output: class_index, label or probabilities. */
    @Schema(name = "InferenceRequestOutput", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record Output(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    allowableValues = {"class_index", "label", "probabilities"})
            String name,
            @Schema(description = "Output parameters; binary_data is accepted and answered as JSON.")
            Map<String, Object> parameters) {
    }
}
