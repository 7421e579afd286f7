package io.irisapi.resources.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** An Open Inference Protocol inference response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferenceResponse(
        @JsonProperty("model_name") String modelName,
        @JsonProperty("model_version") String modelVersion,
        String id,
        List<Output> outputs) {

    /** One output tensor; data is flat, row-major. */
    public record Output(String name, String datatype, List<Integer> shape, List<?> data) {
    }
}
