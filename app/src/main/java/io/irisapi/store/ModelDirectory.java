package io.irisapi.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelLoadException;
import io.irisapi.core.ModelMetadata;
import io.irisapi.core.WekaModels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The stored form of a model, in a directory or an MLflow run's artifacts: {@code model.bin} (the bytes that
 * {@link WekaModels} opens) and {@code metadata.json} (the {@link ModelMetadata}, its fields in snake_case).
 */
public final class ModelDirectory {
    public static final String MODEL_FILE = "model.bin";
    public static final String METADATA_FILE = "metadata.json";

    private static final ObjectMapper JSON = Jackson.newObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ModelDirectory() {
    }

    public static IrisModel read(Path dir) {
        try {
            byte[] modelBytes = Files.readAllBytes(dir.resolve(MODEL_FILE));
            ModelMetadata metadata = readMetadata(Files.readAllBytes(dir.resolve(METADATA_FILE)));
            return WekaModels.open(modelBytes, metadata, WekaModels.contentVersion(modelBytes),
                    dir.toAbsolutePath().normalize().toString());
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
        } catch (JsonProcessingException e) {
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

    /** A part of the metadata (its metrics, its reference distribution) as metadata.json records it. */
    public static JsonNode asStored(Object part) {
        return part == null ? null : JSON.valueToTree(part);
    }

    public static void write(Path dir, byte[] modelBytes, ModelMetadata metadata) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(MODEL_FILE), modelBytes);
        Files.write(dir.resolve(METADATA_FILE), metadataJson(metadata));
    }
}
