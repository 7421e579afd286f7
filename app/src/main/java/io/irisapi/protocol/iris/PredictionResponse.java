package io.irisapi.protocol.iris;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.irisapi.codec.ClassProbabilities;
import io.irisapi.core.Prediction;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/** The answer for one row; {@code model_version} is left out inside a batch, which states it once. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictionResponse(
        String prediction,
        @JsonProperty("class_index") int classIndex,
        ClassProbabilities probabilities,
        @JsonProperty("model_version") String modelVersion) {

    public static PredictionResponse of(Prediction p, String modelVersion) {
        return new PredictionResponse(p.label(), p.classIndex(), ClassProbabilities.of(p.probabilities()), modelVersion);
    }

    /**
     * A batch's answers, each built as it is written: a thousand of them held until the client has read the whole
     * response outlived young collections when many batches were in flight (docs/benchmarks.md).
     */
    public static List<PredictionResponse> inBatch(List<Prediction> predictions) {
        return new InBatch(predictions);
    }

    private static final class InBatch extends AbstractList<PredictionResponse> implements RandomAccess {
        private final List<Prediction> predictions;

        InBatch(List<Prediction> predictions) {
            this.predictions = predictions;
        }

        @Override
        public PredictionResponse get(int index) {
            return of(predictions.get(index), null);
        }

        @Override
        public int size() {
            return predictions.size();
        }
    }
}
