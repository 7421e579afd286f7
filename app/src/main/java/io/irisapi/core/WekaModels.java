package io.irisapi.core;

import weka.classifiers.Classifier;
import weka.core.Instances;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A model's bytes (the Weka classifier and its data header, Java-serialized) and its metadata: every model the service
 * serves, wherever it comes from, is opened and checked here.
 */
public final class WekaModels {
    /**
     * Deserializing runs constructors of whatever classes a file names, so only what a Weka model is made of may be
     * read: Weka's classifier, core and filter classes and the few JDK classes that J48, Logistic and
     * RandomForest models hold (arrays are checked by their element class).
     * Anything else, and any graph too deep or too large, is rejected before it is instantiated.
     */
    static final ObjectInputFilter ALLOWED = ObjectInputFilter.Config.createFilter(String.join(";", List.of(
            "maxdepth=64", "maxrefs=1000000", "maxbytes=67108864", "maxarray=10000000",
            "weka.classifiers.**", "weka.core.**", "weka.filters.**",
            "java.util.ArrayList", "java.util.HashMap", "java.util.Hashtable", "java.util.Map$Entry",
            "java.util.BitSet", "java.util.Random",
            "java.lang.Number", "java.lang.Integer", "java.lang.Double", "java.lang.Object",
            "!*")));

    /** Known rows of each class: a model that gets one of them wrong is not an Iris model worth serving. */
    private static final double[][] SMOKE_ROWS = {{5.1, 3.5, 1.4, 0.2}, {7.0, 3.2, 4.7, 1.4}, {6.3, 3.3, 6.0, 2.5}};

    private WekaModels() {
    }

    record Bundle(Classifier classifier, Instances header) {
    }

    public static byte[] serialize(Classifier classifier, Instances header) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new Object[]{classifier, new Instances(header, 0)});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Bundle deserialize(byte[] modelBytes) {
        StringBuilder refused = new StringBuilder();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(modelBytes))) {
            in.setObjectInputFilter(info -> {
                ObjectInputFilter.Status status = ALLOWED.checkInput(info);
                if (status == ObjectInputFilter.Status.REJECTED && refused.isEmpty()) {
                    refused.append(info.serialClass() != null ? "class " + info.serialClass().getName()
                            : "a graph over the size limits");
                }
                return status;
            });
            if (in.readObject() instanceof Object[] parts && parts.length == 2
                    && parts[0] instanceof Classifier classifier && parts[1] instanceof Instances header) {
                return new Bundle(classifier, header);
            }
            throw new ModelLoadException("model.bin does not hold a Weka classifier and its data header");
        } catch (InvalidClassException e) {
            throw new ModelLoadException("model.bin was refused: it contains " + refused
                    + ", which a Weka Iris model does not need (deserialization allow-list)", e);
        } catch (IOException | ClassNotFoundException e) {
            throw new ModelLoadException("model.bin is not a readable model: " + e, e);
        }
    }

    /** Checks a model's bytes and metadata, and makes it servable; throws {@link ModelLoadException} if anything is off. */
    public static IrisModel open(byte[] modelBytes, ModelMetadata metadata, String version, String source) {
        metadata.check();
        Bundle bundle = deserialize(modelBytes);
        Algorithm algorithm = Algorithm.parse(metadata.algorithm());
        if (!algorithm.matches(bundle.classifier())) {
            throw new ModelLoadException("metadata says " + algorithm.wekaName() + " but model.bin holds "
                    + bundle.classifier().getClass().getName());
        }
        try {
            IrisDataset.checkShape(bundle.header());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("model.bin was trained on other data: " + e.getMessage(), e);
        }
        IrisModel model = new IrisModel(version, source, metadata, modelBytes, bundle.header());
        for (int expected = 0; expected < SMOKE_ROWS.length; expected++) {
            Prediction p = model.predict(SMOKE_ROWS[expected]);
            if (p.classIndex() != expected) {
                throw new ModelLoadException("smoke test failed: a known " + IrisDataset.CLASS_LABELS.get(expected)
                        + " row was classified as " + p.label());
            }
        }
        return model;
    }

    /** A local model's version names its content, so the same file is the same version on every pod. */
    public static String contentVersion(byte[] modelBytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(modelBytes);
            return "sha256-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
