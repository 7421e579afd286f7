package io.irisapi.protocol.iris;

import io.irisapi.dataplane.DataPlane;
import io.irisapi.protocol.ErrorShape;
import io.irisapi.protocol.Protocol;

import java.util.List;

/** The service's own API: /predict, /predict/batch, /model and /health. */
public final class IrisProtocol implements Protocol {
    private final DataPlane dataPlane;
    private final String serviceVersion;

    public IrisProtocol(DataPlane dataPlane, String serviceVersion) {
        this.dataPlane = dataPlane;
        this.serviceVersion = serviceVersion;
    }

    @Override
    public String name() {
        return "iris";
    }

    @Override
    public List<Object> components() {
        return List.of(new HealthResource(dataPlane, serviceVersion), new PredictResource(dataPlane),
                new ModelResource(dataPlane));
    }

    @Override
    public ErrorShape errors() {
        return new IrisErrors();
    }
}
