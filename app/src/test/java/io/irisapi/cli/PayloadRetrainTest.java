package io.irisapi.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.jackson.Jackson;
import io.irisapi.core.Algorithm;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelRole;
import io.irisapi.core.Prediction;
import io.irisapi.core.Trainer;
import io.irisapi.payload.PayloadLog;
import io.irisapi.payload.PayloadSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The payload log's lines, labelled by hand, are what {@code train --data} reads back. */
class PayloadRetrainTest {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final IrisModel MODEL = Trainer.train(Algorithm.LOGISTIC, IrisDataset.load()).open("7", "test");
    private static final double[][] ROWS = {{5.1, 3.5, 1.4, 0.2}, {7.0, 3.2, 4.7, 1.4}, {6.3, 3.3, 6.0, 2.5}};

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(PayloadLog.LOGGER);

    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
        MDC.remove("requestId");
    }

    @Test
    void sampledLinesNameTheRowTheAnswerAndTheModelAndNothingElse() throws Exception {
        MDC.put("requestId", "req-42");
        score(new PayloadLog(settings(1.0, 100)));

        assertThat(lines.list).hasSize(3);
        JsonNode line = JSON.readTree(lines.list.get(2).getFormattedMessage());
        List<String> fields = new ArrayList<>();
        line.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("timestamp", "request_id", "model_role", "model_version", "features",
                "prediction", "probabilities");
        assertThat(line.get("request_id").asText()).isEqualTo("req-42");
        assertThat(line.get("model_role").asText()).isEqualTo("challenger");
        assertThat(line.get("model_version").asText()).isEqualTo("7");
        assertThat(line.get("features").get("petal_length").asDouble()).isEqualTo(6.0);
        assertThat(line.get("prediction").asText()).isEqualTo("virginica");
    }

    @Test
    void theSampleIsBoundedPerSecondAndZeroWritesNone() throws Exception {
        score(new PayloadLog(settings(1.0, 2)));
        assertThat(lines.list).hasSize(2);

        lines.list.clear();
        score(new PayloadLog(settings(0.0, 100)));
        assertThat(lines.list).isEmpty();
    }

    @Test
    void labelledLinesAreAddedToTheTrainingRowsAndUnlabelledSkipped() throws Exception {
        score(new PayloadLog(settings(1.0, 100)));
        List<String> file = new ArrayList<>();
        for (int i = 0; i < lines.list.size(); i++) {
            ObjectNode line = (ObjectNode) JSON.readTree(lines.list.get(i).getFormattedMessage());
            if (i < 2) {
                line.put("label", IrisDataset.CLASS_LABELS.get(i));
            }
            file.add(line.toString());
        }
        Path data = Files.write(dir.resolve("payloads.jsonl"), file);

        LabelledRows.Read read = LabelledRows.addTo(IrisDataset.load(), data);

        assertThat(read.added()).isEqualTo(2);
        assertThat(read.skipped()).isEqualTo(1);
        assertThat(read.data().numInstances()).isEqualTo(152);
        assertThat(Trainer.train(Algorithm.J48, read.data()).metadata().trainingRows()).isEqualTo(152);
    }

    @Test
    void aBadLineIsNamedByItsNumber() throws Exception {
        Path data = Files.write(dir.resolve("bad.jsonl"), List.of(
                "{\"features\": {\"sepal_length\": 5.1, \"sepal_width\": 3.5, \"petal_length\": 1.4, "
                        + "\"petal_width\": 0.2}, \"label\": \"setosa\"}",
                "{\"features\": {\"sepal_length\": 5.1}, \"label\": \"setosa\"}"));
        assertThatThrownBy(() -> LabelledRows.addTo(IrisDataset.load(), data))
                .hasMessageContaining("bad.jsonl:2: features.sepal_width must be a finite number");
        Path unlabelled = Files.write(dir.resolve("none.jsonl"), List.of("{\"features\": {}}"));
        assertThatThrownBy(() -> LabelledRows.addTo(IrisDataset.load(), unlabelled))
                .hasMessageContaining("has no labelled line");
    }

    private static void score(PayloadLog log) {
        List<double[]> scored = List.of(ROWS);
        List<Prediction> answers = scored.stream().map(MODEL::predict).toList();
        log.scored(ModelRole.CHALLENGER, MODEL, scored, answers, new long[3]);
    }

    private static PayloadSettings settings(double rate, int maxPerSecond) throws Exception {
        return JSON.readValue("{\"sampleRate\": " + rate + ", \"maxRowsPerSecond\": " + maxPerSecond + "}",
                PayloadSettings.class);
    }
}
