package io.irisapi.warmup;

import com.codahale.metrics.health.HealthCheck;

/** Readiness: the pod takes traffic only once warm (or with warm-up off); the model check waits for the model. */
public class WarmupHealthCheck extends HealthCheck {
    public static final String NAME = "warmup";

    private final Warmup warmup;

    public WarmupHealthCheck(Warmup warmup) {
        this.warmup = warmup;
    }

    @Override
    protected Result check() {
        return warmup.isDone() ? Result.healthy(warmup.summary()) : Result.unhealthy(warmup.summary());
    }
}
