package io.irisapi.store;

import io.irisapi.core.Algorithm;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelLoadException;
import io.irisapi.core.ModelMetadata;
import io.irisapi.core.Trainer;
import io.irisapi.core.WekaModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import weka.classifiers.trees.J48;
import weka.core.Instances;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelDirectoryTest {
    private static final Trainer.TrainedModel TRAINED = Trainer.train(Algorithm.J48, IrisDataset.load());

    @Test
    void writtenModelReadsBackAndPredictsTheSame(@TempDir Path dir) throws Exception {
        ModelDirectory.write(dir, TRAINED.modelBytes(), TRAINED.metadata());

        IrisModel model = ModelDirectory.read(dir);

        assertThat(model.version()).isEqualTo(WekaModels.contentVersion(TRAINED.modelBytes())).startsWith("sha256-");
        assertThat(model.metadata()).isEqualTo(TRAINED.metadata());
        assertThat(model.predict(new double[]{6.3, 3.3, 6.0, 2.5}).label()).isEqualTo("virginica");
        assertThat(Files.readString(dir.resolve(ModelDirectory.METADATA_FILE))).contains("\"trained_at\" : \"20");
    }

    @Test
    void foreignClassesAreRefusedBeforeTheyAreBuilt(@TempDir Path dir) throws Exception {
        ConcurrentHashMap<String, Serializable> foreign = new ConcurrentHashMap<>();
        foreign.put("payload", new java.net.URI("http://127.0.0.1/"));
        ModelDirectory.write(dir, javaSerialize(new Object[]{foreign, null}), TRAINED.metadata());

        assertThatThrownBy(() -> ModelDirectory.read(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("java.util.concurrent.ConcurrentHashMap")
                .hasMessageContaining("allow-list");
    }

    @Test
    void garbageIsRefused(@TempDir Path dir) throws Exception {
        ModelDirectory.write(dir, "not a model".getBytes(), TRAINED.metadata());

        assertThatThrownBy(() -> ModelDirectory.read(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("not a readable model");
    }

    @Test
    void metadataMustNameTheAlgorithmInTheFile() {
        ModelMetadata lying = withAlgorithm(TRAINED.metadata(), "Logistic");

        assertThatThrownBy(() -> WekaModels.open(TRAINED.modelBytes(), lying, "v", "test"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("metadata says Logistic but model.bin holds weka.classifiers.trees.J48");
    }

    @Test
    void modelThatGetsKnownRowsWrongFailsTheSmokeTest() throws Exception {
        Instances shuffled = IrisDataset.load();
        for (int i = 0; i < shuffled.numInstances(); i++) { // every flower labelled as the next class
            shuffled.instance(i).setClassValue((shuffled.instance(i).classValue() + 1) % 3);
        }
        J48 wrong = new J48();
        wrong.buildClassifier(shuffled);

        assertThatThrownBy(() -> WekaModels.open(WekaModels.serialize(wrong, shuffled), TRAINED.metadata(), "v", "t"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("smoke test failed");
    }

    @Test
    void missingFilesAreNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> ModelDirectory.read(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model.bin");
    }

    @Test
    void unreadableMetadataIsRefused() {
        assertThatThrownBy(() -> ModelDirectory.readMetadata("{\"format_version\": \"x\"".getBytes()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("metadata.json is not valid");
    }

    private static ModelMetadata withAlgorithm(ModelMetadata m, String algorithm) {
        return new ModelMetadata(m.formatVersion(), algorithm, m.options(), m.wekaVersion(), m.trainedAt(),
                m.trainingDataSha256(), m.trainingRows(), m.featureNames(), m.classLabels(), m.metrics(),
                m.reference());
    }

    private static byte[] javaSerialize(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }
}
