package io.irisapi.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
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
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The on-disk form of a model: {@code model.bin} (the Weka classifier and its data header, Java-serialized) and
 * {@code metadata.json}. Every model the service serves, wherever it comes from, is opened and checked here.
 */
public final class ModelFiles {
    public static final String MODEL_FILE = "model.bin";
    public static final String METADATA_FILE = "metadata.json";

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

    private static final ObjectMapper JSON = Jackson.newObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Known rows of each class: a model that gets one of them wrong is not an Iris model worth serving. */
    private static final double[][] SMOKE_ROWS = {{5.1, 3.5, 1.4, 0.2}, {7.0, 3.2, 4.7, 1.4}, {6.3, 3.3, 6.0, 2.5}};

    private ModelFiles() {
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
            throw new ModelLoadException(MODEL_FILE + " does not hold a Weka classifier and its data header");
        } catch (InvalidClassException e) {
            throw new ModelLoadException(MODEL_FILE + " was refused: it contains " + refused
                    + ", which a Weka Iris model does not need (deserialization allow-list)", e);
        } catch (IOException | ClassNotFoundException e) {
            throw new ModelLoadException(MODEL_FILE + " is not a readable model: " + e, e);
        }
    }

    /** Checks a model's bytes and metadata, and makes it servable; throws {@link ModelLoadException} if anything is off. */
    public static IrisModel open(byte[] modelBytes, ModelMetadata metadata, String version, String source) {
        metadata.check();
        Bundle bundle = deserialize(modelBytes);
        Algorithm algorithm = Algorithm.parse(metadata.algorithm());
        if (!algorithm.matches(bundle.classifier())) {
            throw new ModelLoadException("metadata says " + algorithm.wekaName() + " but " + MODEL_FILE + " holds "
                    + bundle.classifier().getClass().getName());
        }
        try {
            IrisDataset.checkShape(bundle.header());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(MODEL_FILE + " was trained on other data: " + e.getMessage(), e);
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

    public static IrisModel read(Path dir) {
        try {
            byte[] modelBytes = Files.readAllBytes(dir.resolve(MODEL_FILE));
            ModelMetadata metadata = readMetadata(Files.readAllBytes(dir.resolve(METADATA_FILE)));
            return open(modelBytes, metadata, contentVersion(modelBytes), dir.toAbsolutePath().normalize().toString());
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("no " + e.getFile() + ": a model directory holds " + MODEL_FILE + " and "
                    + METADATA_FILE + " (make train writes them)", e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model directory " + dir + ": " + e.getMessage(), e);
        }
    }

    public static ModelMetadata readMetadata(byte[] json) {
        try {
            return JSON.readValue(json, ModelMetadata.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ModelLoadException(METADATA_FILE + " is not valid model metadata: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] metadataJson(ModelMetadata metadata) {
        try {
            return JSON.writeValueAsBytes(metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path dir, byte[] modelBytes, ModelMetadata metadata) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(MODEL_FILE), modelBytes);
        Files.write(dir.resolve(METADATA_FILE), metadataJson(metadata));
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
