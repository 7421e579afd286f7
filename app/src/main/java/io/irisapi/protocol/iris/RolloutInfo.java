package io.irisapi.protocol.iris;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.ModelRole;
import io.irisapi.dataplane.DataPlane;
import io.irisapi.dataplane.LiveRecord;
import io.irisapi.dataplane.Rollout;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.ArrayList;
import java.util.List;

/**
 * The rollout part of GET /model: the mode, the canary's share, the challenger (when one is loaded) and its live
 * record against the champion, which {@code promote} reads.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutInfo(
        @Schema(description = "none (no MODEL_CHALLENGER_URI), shadow or canary") String mode,
        @JsonProperty("canary_percent") int canaryPercent,
        @Schema(description = "The challenger loaded; absent while none is, or when it is the champion's version")
        ModelInfo challenger,
        @Schema(description = "Since the current pair of versions was first scored together; absent before")
        Record record) {

    /** The challenger's record on live traffic: rows scored by both models, and how they compared. */
    public record Record(
            @JsonProperty("champion_version") String championVersion,
            @JsonProperty("challenger_version") String challengerVersion,
            @JsonProperty("rows_compared") long rowsCompared,
            long agreements,
            @Schema(description = "agreements / rows_compared; absent before a row was compared") Double agreement,
            @JsonProperty("challenger_errors") long challengerErrors,
            @Schema(description = "Requests answered by each role") Requests requests,
            List<Disagreement> disagreements) {
    }

    public record Requests(long champion, long challenger) {
    }

    public record Disagreement(@JsonProperty("champion_class") String championClass,
                               @JsonProperty("challenger_class") String challengerClass, long rows) {
    }

    static RolloutInfo of(DataPlane dataPlane) {
        Rollout rollout = dataPlane.rollout();
        if (!rollout.isConfigured()) {
            return new RolloutInfo("none", 0, null, null);
        }
        return new RolloutInfo(rollout.mode().label(), rollout.canaryPercent(),
                dataPlane.challenger().map(model -> ModelInfo.of(model, null)).orElse(null),
                dataPlane.liveRecord().map(RolloutInfo::record).orElse(null));
    }

    private static Record record(LiveRecord live) {
        List<Disagreement> disagreements = new ArrayList<>();
        List<String> classes = IrisDataset.CLASS_LABELS;
        for (int c = 0; c < classes.size(); c++) {
            for (int d = 0; d < classes.size(); d++) {
                long rows = live.rows(c, d);
                if (c != d && rows > 0) {
                    disagreements.add(new Disagreement(classes.get(c), classes.get(d), rows));
                }
            }
        }
        long compared = live.rowsCompared();
        long agreements = live.agreements();
        return new Record(live.championVersion(), live.challengerVersion(), compared, agreements,
                compared == 0 ? null : (double) agreements / compared, live.challengerErrors(),
                new Requests(live.requests(ModelRole.CHAMPION), live.requests(ModelRole.CHALLENGER)), disagreements);
    }
}
