package io.irisapi.protocol.iris;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelMetadata;
import io.irisapi.store.ModelDirectory;

import java.time.Instant;
import java.util.List;

/**
 * GET /model: what is being served, where it came from, how well it did in cross-validation, and the distribution
 * of the data it was trained on.
 */
public record ModelInfo(
        String algorithm,
        String options,
        String version,
        String source,
        boolean embedded,
        @JsonProperty("loaded_at") Instant loadedAt,
        @JsonProperty("trained_at") Instant trainedAt,
        @JsonProperty("weka_version") String wekaVersion,
        @JsonProperty("feature_names") List<String> featureNames,
        @JsonProperty("class_labels") List<String> classLabels,
        /** Cross-validation results, as metadata.json records them. */
        JsonNode metrics,
        /** The training data's distribution that drift is measured against (README: "Model drift"). */
        JsonNode reference) {

    public static ModelInfo of(IrisModel model) {
        ModelMetadata m = model.metadata();
        return new ModelInfo(m.algorithm(), m.options(), model.version(), model.source(), model.isEmbedded(),
                model.loadedAt(), m.trainedAt(), m.wekaVersion(), m.featureNames(), m.classLabels(),
                ModelDirectory.asStored(m.metrics()), ModelDirectory.asStored(m.reference()));
    }
}
