package io.irisapi.warmup;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;

import java.util.concurrent.TimeUnit;

/**
 * iris-api.yml's {@code warmup}: WARMUP (off unless set; the image sets it) and WARMUP_DURATION, how long the
 * service sends itself requests, once a model is loaded, before it reports ready.
 */
public class WarmupSettings {
    @JsonProperty
    private boolean enabled = false;

    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 2, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration duration = Duration.seconds(8);

    public boolean isEnabled() {
        return enabled;
    }

    public Duration getDuration() {
        return duration;
    }
}
