package io.irisapi.protocol.oip;

import io.irisapi.codec.TensorRows;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.Prediction;
import io.irisapi.core.RejectedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The model's tensors in the Open Inference Protocol: one FP32/FP64 input [N, 4], three outputs. */
final class Tensors {
    static final int FEATURES = IrisDataset.FEATURE_NAMES.size();

    /** The outputs the model offers, in the order they are answered when the request names none. */
    static final Map<String, Metadata.Tensor> OUTPUTS = Map.of(
            "class_index", new Metadata.Tensor("class_index", "INT64", List.of(-1)),
            "label", new Metadata.Tensor("label", "BYTES", List.of(-1)),
            "probabilities", new Metadata.Tensor("probabilities", "FP32", List.of(-1, IrisDataset.CLASS_LABELS.size())));
    static final List<String> OUTPUT_ORDER = List.of("class_index", "label", "probabilities");
    static final Metadata.Tensor INPUT = new Metadata.Tensor("input", "FP32", List.of(-1, FEATURES));

    private Tensors() {
    }

    /** The checked rows of the request's one input tensor. */
    static List<double[]> rows(InferenceRequest request, int maxRows) {
        if (request == null) {
            throw RejectedException.invalid(null, "a JSON inference request body is required");
        }
        if (request.inputs() == null || request.inputs().size() != 1) {
            throw RejectedException.invalid("inputs", "must hold exactly one tensor of shape [N, " + FEATURES + "]");
        }
        InferenceRequest.Input input = request.inputs().get(0);
        String field = "inputs[0]";
        if (input == null || input.name() == null) {
            throw RejectedException.invalid(field + ".name", "is required");
        }
        if (input.parameters() != null && input.parameters().containsKey("binary_data_size")) {
            throw binaryData();
        }
        return TensorRows.read(field, input.datatype(), input.shape(), input.data(), maxRows);
    }

    static RejectedException binaryData() {
        return RejectedException.invalid(null, "binary tensor data is not supported: send tensors as JSON "
                + "(for tritonclient: binary_data=False)");
    }


    /** The requested outputs' names, checked; all of them when the request names none. */
    static List<String> outputNames(InferenceRequest request) {
        if (request.outputs() == null || request.outputs().isEmpty()) {
            return OUTPUT_ORDER;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < request.outputs().size(); i++) {
            InferenceRequest.Output output = request.outputs().get(i);
            String name = output == null ? null : output.name();
            if (name == null || !OUTPUTS.containsKey(name)) {
                throw RejectedException.invalid("outputs[" + i + "].name", "must be one of " + OUTPUT_ORDER);
            }
            if (names.contains(name)) {
                throw RejectedException.invalid("outputs[" + i + "].name", "names " + name + " twice");
            }
            names.add(name);
        }
        return names;
    }

    static InferenceResponse.Output output(String name, List<Prediction> predictions) {
        int n = predictions.size();
        return switch (name) {
            case "class_index" -> tensor(name, List.of(n), predictions, p -> List.of((long) p.classIndex()));
            case "label" -> tensor(name, List.of(n), predictions, p -> List.of(p.label()));
            default -> tensor(name, List.of(n, IrisDataset.CLASS_LABELS.size()), predictions, p -> {
                List<Float> probabilities = new ArrayList<>();
                for (double probability : p.probabilities()) {
                    probabilities.add((float) probability);
                }
                return probabilities;
            });
        };
    }

    private static InferenceResponse.Output tensor(String name, List<Integer> shape, List<Prediction> predictions,
                                                   Function<Prediction, List<?>> values) {
        List<Object> data = new ArrayList<>();
        predictions.forEach(p -> data.addAll(values.apply(p)));
        return new InferenceResponse.Output(name, OUTPUTS.get(name).datatype(), shape, data);
    }
}
