package io.irisapi.payload;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

/**
 * iris-api.yml's {@code payloads}: PAYLOAD_SAMPLE_RATE, the share of scored rows written to the payload log (0, the
 * default, writes none), and PAYLOAD_MAX_ROWS_PER_SECOND, the most it writes in any second, which bounds its size.
 */
public class PayloadSettings {
    @DecimalMin("0.0")
    @DecimalMax("1.0")
    @JsonProperty
    private double sampleRate;

    @Min(1)
    @JsonProperty
    private int maxRowsPerSecond = 100;

    public double getSampleRate() {
        return sampleRate;
    }

    public int getMaxRowsPerSecond() {
        return maxRowsPerSecond;
    }
}
