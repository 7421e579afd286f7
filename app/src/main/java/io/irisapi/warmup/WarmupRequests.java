package io.irisapi.warmup;

import io.irisapi.core.IrisDataset;
import io.irisapi.dataplane.DataPlane;
import weka.core.Instances;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What the warm-up sends: each protocol's prediction requests as clients send them, with rows of the Iris data set.
 * Three in four are single-row /predict, the form most clients send; the rest spread over every prediction route
 * and input form, in batches of the sizes clients send, up to the batch limit.
 */
final class WarmupRequests {
    /** A request and the route it is counted under. */
    record Call(String route, byte[] request) {
    }

    private static final int[] BATCH_SIZES = {1, 2, 5, 10, 32, 100};
    private static final String JSON = "application/json";

    private WarmupRequests() {
    }

    static List<Call> build(String host, String key, int maxBatchRows) {
        List<double[]> rows = rows();
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            calls.add(call(host, key, "/predict", JSON, object(rows.get(i))));
            if (i % 3 != 0) {
                continue;
            }
            int n = i / 3;
            List<double[]> batch = batch(rows, i, Math.min(BATCH_SIZES[n % BATCH_SIZES.length], maxBatchRows));
            calls.add(switch (n % 6) {
                case 0 -> call(host, key, "/predict/batch", JSON, "{\"instances\":" + list(batch, r -> object(r)) + "}");
                case 1 -> call(host, key, "/invocations", JSON, "{\"dataframe_split\":{\"columns\":"
                        + names() + ",\"data\":" + list(batch, WarmupRequests::array) + "}}");
                case 2 -> call(host, key, "/invocations", "text/csv", String.join(",", IrisDataset.FEATURE_NAMES)
                        + "\n" + batch.stream().map(WarmupRequests::csv).collect(Collectors.joining("\n")) + "\n");
                case 3 -> call(host, key, "/invocations", JSON, "{\"instances\":" + list(batch, r -> object(r)) + "}");
                case 4 -> call(host, key, "/v2/models/" + DataPlane.MODEL + "/infer", JSON,
                        "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[" + batch.size() + ",4],\"datatype\":\"FP64\","
                                + "\"data\":" + list(batch, WarmupRequests::array) + "}]}");
                default -> call(host, key, "/v1/models/" + DataPlane.MODEL + ":predict", JSON,
                        "{\"instances\":" + list(batch, WarmupRequests::array) + "}");
            });
        }
        // A fixed order, so that every warm-up sends the same requests; mixed, so that no route runs alone.
        Collections.shuffle(calls, new Random(27));
        return List.copyOf(calls);
    }

    /** The 150 rows of the data set, each class in turn rather than 50 of one class after another. */
    private static List<double[]> rows() {
        Instances data = IrisDataset.load();
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < data.numInstances(); i++) {
            int index = (i % 3) * 50 + i / 3;
            rows.add(IntStream.range(0, IrisDataset.FEATURE_NAMES.size())
                    .mapToDouble(f -> data.instance(index).value(f)).toArray());
        }
        return rows;
    }

    private static List<double[]> batch(List<double[]> rows, int from, int size) {
        List<double[]> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(rows.get((from + i) % rows.size()));
        }
        return batch;
    }

    private static Call call(String host, String key, String route, String type, String body) {
        return new Call(route, LoopbackConnection.post(host, route, type, key, body));
    }

    private static String object(double[] row) {
        return IntStream.range(0, row.length)
                .mapToObj(f -> "\"" + IrisDataset.FEATURE_NAMES.get(f) + "\":" + row[f])
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String array(double[] row) {
        return IntStream.range(0, row.length).mapToObj(f -> Double.toString(row[f]))
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static String csv(double[] row) {
        return IntStream.range(0, row.length).mapToObj(f -> Double.toString(row[f]))
                .collect(Collectors.joining(","));
    }

    private static String names() {
        return IrisDataset.FEATURE_NAMES.stream().map(name -> "\"" + name + "\"")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static String list(List<double[]> rows, Function<double[], String> form) {
        return rows.stream().map(form).collect(Collectors.joining(",", "[", "]"));
    }
}
