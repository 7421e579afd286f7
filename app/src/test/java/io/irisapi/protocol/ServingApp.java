package io.irisapi.protocol;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.irisapi.IrisApplication;
import io.irisapi.IrisConfiguration;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.time.Instant;

/** The whole application on random ports with a known key, for tests that drive the protocols over HTTP. */
public final class ServingApp {
    public static final String KEY = "test-key-for-protocols";

    private ServingApp() {
    }

    public static DropwizardAppExtension<IrisConfiguration> extension() {
        return new DropwizardAppExtension<>(IrisApplication.class, IrisApplication.DEFAULT_CONFIG,
                ConfigOverride.randomPorts(), ConfigOverride.config("apiKeys", KEY),
                ConfigOverride.config("limits.maxBatchRows", "5"),
                ConfigOverride.config("limits.maxBatchBodySize", "8KiB"),
                // No load balancer to drain in a test: without this, every stop waits the production 10 s.
                ConfigOverride.config("health.shutdownWaitPeriod", "0s"));
    }

    /** The model trains in the background after start-up: waits for it, as a client polls readiness. */
    public static void awaitModel(DropwizardAppExtension<IrisConfiguration> app) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (status(request(app, "/v2/health/ready", false).get()) != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no model loaded within 60 s");
            }
            Thread.sleep(100);
        }
    }

    private static int status(Response response) {
        try (response) {
            return response.getStatus();
        }
    }

    public static Invocation.Builder request(DropwizardAppExtension<IrisConfiguration> app, String path,
                                             boolean withKey) {
        // One connection per request: a 413 sent before the body is read closes the connection on the server side.
        Invocation.Builder builder = app.client().target("http://127.0.0.1:" + app.getLocalPort() + path).request()
                .header("Connection", "close");
        return withKey ? builder.header("X-API-Key", KEY) : builder;
    }
}
