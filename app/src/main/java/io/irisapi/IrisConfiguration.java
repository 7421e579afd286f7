package io.irisapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.logging.common.LoggingFactory;
import io.dropwizard.validation.ValidationMethod;
import io.irisapi.core.Limits;
import io.irisapi.core.ModelFactory;
import io.irisapi.core.RuntimeEnvironment;
import io.irisapi.drift.DriftSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** iris-api.yml; every value can come from an environment variable (see the README's configuration table). */
public class IrisConfiguration extends Configuration {
    @NotNull
    @JsonProperty
    private RuntimeEnvironment environment = RuntimeEnvironment.DEVELOPMENT;

    /** API_KEY: one key, or several separated by commas while keys are rotated. */
    @JsonProperty
    private String apiKeys = "";

    /** MLFLOW_TRACKING_URI: the MLflow server that models:/ and runs:/ URIs resolve against. */
    @JsonProperty
    private String mlflowTrackingUri = "";

    @Valid
    @NotNull
    @JsonProperty
    private ModelFactory model = new ModelFactory();

    @Valid
    @NotNull
    @JsonProperty
    private Limits limits = new Limits();

    @Valid
    @NotNull
    @JsonProperty
    private DriftSettings drift = new DriftSettings();

    /** LOG_FORMAT: text or json; empty follows ENVIRONMENT (JSON lines for collectors in production). */
    @JsonProperty
    private String logFormat = "";

    private boolean logFormatApplied;

    public RuntimeEnvironment getEnvironment() {
        return environment;
    }

    public String getApiKeys() {
        return apiKeys;
    }

    public String getMlflowTrackingUri() {
        return mlflowTrackingUri;
    }

    public ModelFactory getModel() {
        return model;
    }

    public Limits getLimits() {
        return limits;
    }

    public DriftSettings getDrift() {
        return drift;
    }

    /**
     * Dropwizard reads this to set up logging before the application runs: the place to switch the console
     * appenders (application and request logs) to JSON layouts when asked.
     */
    @Override
    public synchronized LoggingFactory getLoggingFactory() {
        if (!logFormatApplied) {
            logFormatApplied = true;
            if (isJsonLogs()) {
                LogFormat.useJson(super.getLoggingFactory(), getServerFactory());
            }
        }
        return super.getLoggingFactory();
    }

    public boolean isJsonLogs() {
        return logFormat == null || logFormat.isBlank()
                ? environment == RuntimeEnvironment.PRODUCTION
                : "json".equalsIgnoreCase(logFormat.trim());
    }

    @ValidationMethod(message = "LOG_FORMAT must be text or json")
    public boolean isLogFormatKnown() {
        return logFormat == null || logFormat.isBlank() || logFormat.trim().matches("(?i)text|json");
    }

    @ValidationMethod(message = "API_KEY must be set when ENVIRONMENT=production: the service does not run "
            + "in production without a key (set one or more keys, comma-separated)")
    public boolean isKeyedInProduction() {
        return environment != RuntimeEnvironment.PRODUCTION || (apiKeys != null && !apiKeys.isBlank());
    }
}
