package io.irisapi.store;

import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelSource;

import java.nio.file.Path;

/** A model directory written by {@code train}: model.bin and metadata.json. */
public record DirectoryModelSource(Path dir) implements ModelSource {
    @Override
    public IrisModel load() {
        return ModelDirectory.read(dir);
    }

    @Override
    public String describe() {
        return "directory " + dir;
    }
}
