package io.irisapi.protocol.iris;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.irisapi.core.IrisModel;
import io.irisapi.dataplane.DataPlane;
import io.swagger.v3.oas.annotations.media.Schema;
import io.irisapi.core.ModelMetadata;
import io.irisapi.store.ModelDirectory;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * GET /model: what is being served, where it came from, how well it did in cross-validation, and the distribution
 * of the data it was trained on; beside it, the rollout (the challenger, described the same way, and its record).
 */
public record ModelInfo(
        String algorithm,
        String options,
        String version,
        String source,
        boolean embedded,
        /** Which code scores the rows: compiled-logistic (checked against Weka at load) or weka. */
        String scorer,
        @JsonProperty("loaded_at") Instant loadedAt,
        @JsonProperty("trained_at") Instant trainedAt,
        @JsonProperty("weka_version") String wekaVersion,
        @JsonProperty("feature_names") List<String> featureNames,
        @JsonProperty("class_labels") List<String> classLabels,
        @Schema(implementation = Map.class, description = "Cross-validation results, as metadata.json records them: folds, "
                + "accuracy, kappa, per_class (precision, recall, f1) and confusion_matrix")
        JsonNode metrics,
        @Schema(implementation = Map.class, description = "The training data's distribution that drift is measured against "
                + "(README: Model drift): per feature, bin edges and shares; class_shares")
        JsonNode reference,
        @Schema(description = "The challenger beside this model, and its live record (README: Safe model rollout); "
                + "absent in the challenger's own description")
        @JsonInclude(JsonInclude.Include.NON_NULL) RolloutInfo rollout) {

    /** The champion, with the rollout beside it. */
    public static ModelInfo of(DataPlane dataPlane) {
        return of(dataPlane.ready(), RolloutInfo.of(dataPlane));
    }

    static ModelInfo of(IrisModel model, RolloutInfo rollout) {
        ModelMetadata m = model.metadata();
        return new ModelInfo(m.algorithm(), m.options(), model.version(), model.source(), model.isEmbedded(),
                model.scorer(), model.loadedAt(), m.trainedAt(), m.wekaVersion(), m.featureNames(), m.classLabels(),
                ModelDirectory.asStored(m.metrics()), ModelDirectory.asStored(m.reference()), rollout);
    }
}
