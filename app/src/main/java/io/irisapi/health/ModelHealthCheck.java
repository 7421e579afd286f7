package io.irisapi.health;

import com.codahale.metrics.health.HealthCheck;
import io.irisapi.core.ModelManager;

/** Readiness: the pod takes traffic only once a model is loaded. */
public class ModelHealthCheck extends HealthCheck {
    public static final String NAME = "model";

    private final ModelManager models;

    public ModelHealthCheck(ModelManager models) {
        this.models = models;
    }

    @Override
    protected Result check() {
        return models.current()
                .map(model -> Result.healthy("serving model version %s", model.version()))
                .orElseGet(() -> Result.unhealthy("no model loaded yet"));
    }
}
