package io.irisapi.protocol.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.irisapi.codec.JsonColumns;
import io.irisapi.codec.JsonRows;
import io.irisapi.core.RejectedException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the request forms of MLflow's scoring protocol into checked rows. */
final class InvocationInput {
    private InvocationInput() {
    }

    static List<double[]> rows(InvocationRequest request, int maxRows) {
        if (request == null) {
            throw RejectedException.invalid(null, "a JSON request body is required");
        }
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("dataframe_split", request.dataframeSplit());
        given.put("dataframe_records", request.dataframeRecords());
        given.put("instances", request.instances());
        given.put("inputs", request.inputs());
        given.values().removeIf(value -> value == null);
        if (given.size() != 1) {
            throw RejectedException.invalid(null, "the body must have exactly one of the input fields " + InvocationRequest.FORMS
                    + (given.isEmpty() ? "" : ", found " + given.keySet()));
        }
        String form = given.keySet().iterator().next();
        if (((JsonNode) given.get(form)).isNull()) {
            throw RejectedException.invalid(form, "is null: give the rows, or leave the field out");
        }
        return switch (form) {
            case "dataframe_split" -> JsonRows.split(request.dataframeSplit(), form, maxRows);
            case "dataframe_records" -> JsonRows.rows(request.dataframeRecords(), form, maxRows);
            case "instances" -> JsonRows.rows(request.instances(), form, maxRows);
            default -> request.inputs().isObject()
                    ? JsonColumns.read(request.inputs(), form, maxRows)
                    : JsonRows.rows(request.inputs(), form, maxRows);
        };
    }
}
