package io.irisapi.protocol.oip;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.irisapi.openapi.RowSchemas;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** An Open Inference Protocol inference response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferenceResponse(
        @JsonProperty("model_name") String modelName,
        @JsonProperty("model_version") String modelVersion,
        String id,
        List<Output> outputs) {

    /** One output tensor; data is flat, row-major: numbers, or strings for BYTES. */
    public record Output(String name, String datatype, List<Integer> shape,
                         @ArraySchema(schema = @Schema(ref = RowSchemas.TENSOR_VALUE)) List<?> data) {
    }
}
