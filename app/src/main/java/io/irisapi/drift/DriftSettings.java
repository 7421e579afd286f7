package io.irisapi.drift;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;

import java.util.concurrent.TimeUnit;

/** iris-api.yml's {@code drift}: DRIFT_MONITORING (on by default) and DRIFT_WINDOW (the sliding window, 10 min). */
public class DriftSettings {
    @JsonProperty
    private boolean enabled = true;

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration window = Duration.minutes(10);

    public boolean isEnabled() {
        return enabled;
    }

    public Duration getWindow() {
        return window;
    }
}
