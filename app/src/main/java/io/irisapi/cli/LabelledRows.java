package io.irisapi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.irisapi.core.IrisDataset;
import weka.core.DenseInstance;
import weka.core.Instances;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code train --data}: the payload log's JSON lines (docs/mlflow.md), of which the lines the user labelled (a
 * {@code label} field, one of the Iris classes) are added to the Iris rows; lines without a label are skipped.
 */
final class LabelledRows {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();

    /** What was read: the rows to train on, and how many lines were added and skipped. */
    record Read(Instances data, int added, int skipped) {
    }

    private LabelledRows() {
    }

    static Read addTo(Instances base, Path file) {
        Instances data = new Instances(base);
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        int added = 0;
        int skipped = 0;
        for (int n = 0; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            JsonNode line = parse(file, n + 1, lines.get(n));
            if (!line.hasNonNull("label")) {
                skipped++;
                continue;
            }
            data.add(new DenseInstance(1.0, values(file, n + 1, line)));
            added++;
        }
        if (added == 0) {
            throw new IllegalArgumentException(file + " has no labelled line: add \"label\": \"setosa\", "
                    + "\"versicolor\" or \"virginica\" to the lines whose class you know");
        }
        return new Read(data, added, skipped);
    }

    private static JsonNode parse(Path file, int lineNumber, String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(file + ":" + lineNumber + ": not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": not JSON (" + e.getMessage() + ")");
        }
    }

    private static double[] values(Path file, int lineNumber, JsonNode line) {
        List<String> features = IrisDataset.FEATURE_NAMES;
        double[] values = new double[features.size() + 1];
        for (int f = 0; f < features.size(); f++) {
            JsonNode value = line.path("features").path(features.get(f));
            if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                throw new IllegalArgumentException(file + ":" + lineNumber + ": features." + features.get(f)
                        + " must be a finite number");
            }
            values[f] = value.doubleValue();
        }
        int label = IrisDataset.CLASS_LABELS.indexOf(line.path("label").asText());
        if (label < 0) {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": label must be one of "
                    + IrisDataset.CLASS_LABELS);
        }
        values[features.size()] = label;
        return values;
    }
}
