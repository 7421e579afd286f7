package io.irisapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The {@code limits:} section: how much one request, and all connections at once, may ask of the service. */
public class Limits {
    /** Largest body of a single-row request. */
    @NotNull
    @JsonProperty
    private DataSize maxBodySize = DataSize.kibibytes(64);

    /** Largest body of a batch request: 1,000 rows of JSON take about 80 KiB, so batches get more room. */
    @NotNull
    @JsonProperty
    private DataSize maxBatchBodySize = DataSize.mebibytes(1);

    @Min(1)
    @JsonProperty
    private int maxBatchRows = 1000;

    /** Open connections to the API at once; past it, new ones wait in the kernel's backlog (IrisApplication). */
    @Min(1)
    @JsonProperty
    private int maxConnections = 1024;

    /** The same for the admin port (probes, metrics), on its own so that a flood of either leaves the other room. */
    @Min(1)
    @JsonProperty
    private int maxAdminConnections = 128;

    public DataSize getMaxBodySize() {
        return maxBodySize;
    }

    public DataSize getMaxBatchBodySize() {
        return maxBatchBodySize;
    }

    public int getMaxBatchRows() {
        return maxBatchRows;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public int getMaxAdminConnections() {
        return maxAdminConnections;
    }
}
