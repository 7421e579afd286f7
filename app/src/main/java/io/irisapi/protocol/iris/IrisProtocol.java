package io.irisapi.protocol.iris;

import io.irisapi.core.Scorer;
import io.irisapi.errors.ErrorShape;
import io.irisapi.protocol.Protocol;

import java.util.List;

/** The service's own API: /predict, /predict/batch, /model and /health. */
public final class IrisProtocol implements Protocol {
    private final Scorer scorer;
    private final String serviceVersion;

    public IrisProtocol(Scorer scorer, String serviceVersion) {
        this.scorer = scorer;
        this.serviceVersion = serviceVersion;
    }

    @Override
    public List<Object> components() {
        return List.of(new HealthResource(scorer.models(), serviceVersion), new PredictResource(scorer),
                new ModelResource(scorer.models()));
    }

    @Override
    public ErrorShape errors() {
        return new IrisErrors();
    }
}
