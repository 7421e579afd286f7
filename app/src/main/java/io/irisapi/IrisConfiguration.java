package io.irisapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.logging.common.LoggingFactory;
import io.dropwizard.validation.ValidationMethod;
import io.irisapi.drift.DriftSettings;
import io.irisapi.payload.PayloadSettings;
import io.irisapi.warmup.WarmupSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;
import java.util.Optional;

/** iris-api.yml; every value can come from an environment variable (see the README's configuration table). */
public class IrisConfiguration extends Configuration {
    @NotNull
    @JsonProperty
    private RuntimeEnvironment environment = RuntimeEnvironment.DEVELOPMENT;

    /** API_KEY: one key, or several separated by commas while keys are rotated. */
    @JsonProperty
    private String apiKeys = "";

    /** API_KEY_FILE: a file of keys (one a line, or comma-separated), reread when it changes; excludes API_KEY. */
    @JsonProperty
    private String apiKeyFile = "";

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

    @Valid
    @NotNull
    @JsonProperty
    private WarmupSettings warmup = new WarmupSettings();

    @Valid
    @NotNull
    @JsonProperty
    private PayloadSettings payloads = new PayloadSettings();

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

    public Optional<Path> getApiKeyFile() {
        return isSet(apiKeyFile) ? Optional.of(Path.of(apiKeyFile.strip())) : Optional.empty();
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

    public PayloadSettings getPayloads() {
        return payloads;
    }

    public WarmupSettings getWarmup() {
        return warmup;
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

    @ValidationMethod(message = "API_KEY or API_KEY_FILE must be set when ENVIRONMENT=production: the service "
            + "does not run in production without a key (API_KEY: keys separated by commas; API_KEY_FILE: a file "
            + "of keys, one a line)")
    public boolean isKeyedInProduction() {
        return environment != RuntimeEnvironment.PRODUCTION || isSet(apiKeys) || isSet(apiKeyFile);
    }

    @ValidationMethod(message = "API_KEY and API_KEY_FILE are both set: set only one of them (API_KEY_FILE "
            + "for keys that can be rotated without a restart)")
    public boolean isOneKeySource() {
        return !(isSet(apiKeys) && isSet(apiKeyFile));
    }

    @ValidationMethod(message = ModelFactory.PERCENT_RANGE)
    public boolean isCanaryPercentInRange() {
        return rolloutAccepts(ModelFactory.PERCENT_RANGE);
    }

    @ValidationMethod(message = ModelFactory.MODE_KNOWN)
    public boolean isRolloutModeKnown() {
        return rolloutAccepts(ModelFactory.MODE_KNOWN);
    }

    @ValidationMethod(message = ModelFactory.CANARY_NEEDS_CHALLENGER)
    public boolean isCanaryWithChallenger() {
        return rolloutAccepts(ModelFactory.CANARY_NEEDS_CHALLENGER);
    }

    @ValidationMethod(message = ModelFactory.CHALLENGER_DIFFERS)
    public boolean isChallengerAnotherModel() {
        return rolloutAccepts(ModelFactory.CHALLENGER_DIFFERS);
    }

    /** Production refuses a bad rollout at start-up; development logs it and serves the champion alone. */
    private boolean rolloutAccepts(String problem) {
        return environment != RuntimeEnvironment.PRODUCTION || !model.rolloutProblems().contains(problem);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
