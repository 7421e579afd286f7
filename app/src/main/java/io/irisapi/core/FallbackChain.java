package io.irisapi.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.stream.Collectors;

/** Tries each source in turn until one loads: development's fall-back (MODEL_DIR's model, then the embedded one). */
public record FallbackChain(List<ModelSource> sources) implements ModelSource {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackChain.class);

    @Override
    public IrisModel load() {
        RuntimeException last = null;
        for (ModelSource source : sources) {
            try {
                return source.load();
            } catch (RuntimeException e) {
                LOG.warn("Fall-back {} could not be loaded: {}", source.describe(), e.getMessage());
                last = e;
            }
        }
        throw last;
    }

    @Override
    public String describe() {
        return sources.stream().map(ModelSource::describe).collect(Collectors.joining(", else "));
    }
}
