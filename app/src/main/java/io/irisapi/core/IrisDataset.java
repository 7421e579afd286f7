package io.irisapi.core;

import weka.core.Attribute;
import weka.core.Instances;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

/** Fisher's Iris data as weka-stable ships it, and the names the API uses for its columns and classes. */
public final class IrisDataset {
    /** Shipped inside the weka-stable jar, so the service can always train a model with nothing else present. */
    static final String RESOURCE = "/weka/gui/beans/templates/iris.arff";

    public static final List<String> FEATURE_NAMES =
            List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
    public static final List<String> CLASS_LABELS = List.of("setosa", "versicolor", "virginica");

    private IrisDataset() {
    }

    /** The 150 labelled rows, class attribute last. */
    public static Instances load() {
        try (InputStream in = IrisDataset.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("weka-stable does not ship " + RESOURCE);
            }
            Instances data = new Instances(new InputStreamReader(in, StandardCharsets.UTF_8));
            data.setClassIndex(data.numAttributes() - 1);
            checkShape(data);
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /** SHA-256 of the training rows as ARFF text: the same data always gives the same hash. */
    public static String sha256(Instances data) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(data.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks that a header has four numeric features and the three Iris classes, in the API's order. */
    public static void checkShape(Instances header) {
        if (header.numAttributes() != FEATURE_NAMES.size() + 1 || header.classIndex() != FEATURE_NAMES.size()) {
            throw new IllegalArgumentException("expected 4 features and a class attribute, found "
                    + header.numAttributes() + " attributes");
        }
        boolean numeric = IntStream.range(0, FEATURE_NAMES.size()).allMatch(i -> header.attribute(i).isNumeric());
        Attribute cls = header.classAttribute();
        boolean classes = cls.isNominal() && cls.numValues() == CLASS_LABELS.size()
                && IntStream.range(0, cls.numValues()).allMatch(i -> label(cls.value(i)).equals(CLASS_LABELS.get(i)));
        if (!numeric || !classes) {
            throw new IllegalArgumentException("expected numeric features and classes " + CLASS_LABELS);
        }
    }

    /** "Iris-setosa" -> "setosa". */
    static String label(String wekaValue) {
        return wekaValue.startsWith("Iris-") ? wekaValue.substring("Iris-".length()) : wekaValue;
    }
}
