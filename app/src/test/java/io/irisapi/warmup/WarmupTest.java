package io.irisapi.warmup;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.irisapi.IrisApplication;
import io.irisapi.IrisConfiguration;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With WARMUP on, the service is not ready until it has sent itself requests to every prediction route, with a key
 * of its own that no longer works once it is ready; none of them shows in the clients' metrics or drift window.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class WarmupTest {
    private static final String KEY = "test-key-for-warmup";
    private static final String ROW = "{\"sepal_length\":6.7,\"sepal_width\":3.0,\"petal_length\":5.2,"
            + "\"petal_width\":2.3}";
    /** The X-API-Key of the first request that came with another key than the test's: the warm-up's, on the wire. */
    private static final AtomicReference<String> WIRE_KEY = new AtomicReference<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The application with one more servlet filter, which reads the keys requests arrive with. */
    public static class KeyRecordingApplication extends IrisApplication {
        @Override
        public void run(IrisConfiguration config, Environment environment) {
            super.run(config, environment);
            Filter recorder = (request, response, chain) -> {
                String key = ((HttpServletRequest) request).getHeader("X-API-Key");
                if (key != null && !key.equals(KEY)) {
                    WIRE_KEY.compareAndSet(null, key);
                }
                chain.doFilter(request, response);
            };
            environment.servlets().addFilter("key-recorder", recorder)
                    .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        }
    }

    static final DropwizardAppExtension<IrisConfiguration> APP = new DropwizardAppExtension<>(
            KeyRecordingApplication.class, IrisApplication.DEFAULT_CONFIG,
            ConfigOverride.randomPorts(), ConfigOverride.config("apiKeys", KEY),
            ConfigOverride.config("warmup.enabled", "true"),
            ConfigOverride.config("warmup.duration", "3s"),
            ConfigOverride.config("health.shutdownWaitPeriod", "0s"));

    @Test
    void readyOnlyOnceWarmAndNothingOfItCounted() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (WIRE_KEY.get() == null) {
            assertThat(Instant.now()).as("a warm-up request within 60 s").isBefore(deadline);
            Thread.sleep(20);
        }
        assertThat(status("/health-check?type=ready")).as("readiness during warm-up").isEqualTo(503);
        assertThat(status("/health-check?type=alive")).as("liveness during warm-up").isEqualTo(200);
        assertThat(predict(WIRE_KEY.get())).as("/predict with the warm-up key, during warm-up").isEqualTo(200);

        while (status("/health-check?type=ready") != 200) {
            assertThat(Instant.now()).as("ready within 60 s").isBefore(deadline);
            assertThat(status("/health-check?type=alive")).as("liveness during warm-up").isEqualTo(200);
            Thread.sleep(50);
        }

        assertThat(warmupRequests()).as("warm-up requests by route and status").containsOnlyKeys(
                "/predict.200", "/predict/batch.200", "/invocations.200", "/v2/models/iris/infer.200",
                "/v1/models/iris:predict.200");
        assertThat(warmupRequests().values()).allMatch(count -> count > 0);
        assertThat(predict(WIRE_KEY.get())).as("/predict with the warm-up key, once ready").isEqualTo(401);

        Map<String, Double> before = clientFigures();
        assertThat(before).as("client figures after warm-up (and one refused request)").containsExactlyEntriesOf(
                figures(1, 0, 0));
        assertThat(predict(KEY)).isEqualTo(200);
        assertThat(clientFigures()).as("client figures after one client /predict").containsExactlyEntriesOf(
                figures(2, 1, 1));
    }

    private static Map<String, Double> figures(double requests, double predictions, double driftRows) {
        Map<String, Double> figures = new TreeMap<>();
        figures.put("api requests", requests);
        figures.put("drift window rows", driftRows);
        figures.put("predictions", predictions);
        return figures;
    }

    /** Requests to the API port other than probes, rows predicted and rows in the drift window, from /prometheus. */
    private static Map<String, Double> clientFigures() throws IOException, InterruptedException {
        String text = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus"))
                .build()).body();
        Map<String, Double> figures = new TreeMap<>();
        figures.put("api requests", sum(text, "iris_http_requests_total\\{(?![^}]*protocol=\"probe\")[^}]*}"));
        figures.put("drift window rows", sum(text, "iris_drift_window_rows"));
        figures.put("predictions", sum(text, "iris_predictions_total\\{[^}]*}"));
        return figures;
    }

    private static double sum(String text, String series) {
        Matcher line = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(text);
        double sum = 0;
        while (line.find()) {
            sum += Double.parseDouble(line.group(1));
        }
        return sum;
    }

    private static Map<String, Long> warmupRequests() {
        Map<String, Long> counts = new TreeMap<>();
        APP.getEnvironment().metrics().getCounters((name, metric) -> name.startsWith("warmup."))
                .forEach((name, counter) -> counts.put(name.substring("warmup.".length()), counter.getCount()));
        return counts;
    }

    private static int predict(String key) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(api("/predict")).header("X-API-Key", key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ROW)).build())
                .statusCode();
    }

    private static int status(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(api(path)).build()).statusCode();
    }

    private static URI api(String path) {
        return URI.create("http://127.0.0.1:" + APP.getLocalPort() + path);
    }

    /** java.net.http, since the extension's client repeats a request answered 503 (Apache HttpClient's retries). */
    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
