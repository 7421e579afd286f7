package io.irisapi.auth;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.irisapi.IrisApplication;
import io.irisapi.IrisConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole application with API_KEY_FILE on a directory that is updated as the kubelet updates a mounted Secret. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ApiKeyRotationTest {
    static final String FIRST = "first-key-0123456789abcdef";
    static final String SECOND = "second-key-0123456789abcdef";
    static final String SETOSA = "{\"sepal_length\":5.1,\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2}";
    /** The bound: a change of the file takes effect within 10 s. */
    static final Duration WITHIN = Duration.ofSeconds(10);

    static final KubeletSecretDir SECRET = new KubeletSecretDir(tempDir(), "API_KEY", FIRST + "\n");
    static final DropwizardAppExtension<IrisConfiguration> APP = new DropwizardAppExtension<>(
            IrisApplication.class, IrisApplication.DEFAULT_CONFIG, ConfigOverride.randomPorts(),
            ConfigOverride.config("environment", "production"),
            ConfigOverride.config("apiKeyFile", SECRET.file().toString()),
            ConfigOverride.config("health.shutdownWaitPeriod", "0s"));
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("iris-api-secret");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void waitForModel() throws InterruptedException {
        await("the model is loaded", () -> status("http://127.0.0.1:" + APP.getLocalPort() + "/health", null) == 200);
    }

    static int predict(String key) {
        return status("http://127.0.0.1:" + APP.getLocalPort() + "/predict", key);
    }

    static int status(String url, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (key != null) {
            request.header("X-API-Key", key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(SETOSA));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static String prometheus() {
        return APP.client().target("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus").request()
                .get(String.class);
    }

    static long reloads(String result) {
        Matcher m = Pattern.compile("^iris_api_key_reloads_total\\{result=\"" + result + "\"} (\\S+)$", Pattern.MULTILINE)
                .matcher(prometheus());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WITHIN);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what + " within " + WITHIN.toSeconds() + " s").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    /**
     * The rotation procedure under a steady load whose clients each use the key valid at that moment: add the new
     * key beside the old, move the clients, remove the old. Not one request fails, the removed key is refused, and
     * both changes are counted as successful reloads.
     */
    @Test
    void rotationUnderLoadFailsNoRequest() throws Exception {
        SECRET.update(FIRST + "\n");
        await("only the first key", () -> predict(FIRST) == 200 && predict(SECOND) == 401);
        long before = reloads("success");
        AtomicReference<String> clientKey = new AtomicReference<>(FIRST);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        Map<Integer, AtomicLong> failed = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            clients.execute(() -> {
                while (running.get()) {
                    int code = predict(clientKey.get());
                    sent.incrementAndGet();
                    if (code != 200) {
                        failed.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
                    }
                }
            });
        }
        try {
            SECRET.update("# rotation: both keys while clients move\n" + FIRST + "\n" + SECOND + "\n");
            await("the second key accepted beside the first", () -> predict(SECOND) == 200);
            clientKey.set(SECOND);
            SECRET.update(SECOND + "\n");
            await("the first key refused", () -> predict(FIRST) == 401);
            Thread.sleep(500);
        } finally {
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(failed).as("failed requests out of %d", sent.get()).isEmpty();
        assertThat(sent.get()).isGreaterThan(10);
        assertThat(predict(SECOND)).isEqualTo(200);
        assertThat(reloads("success") - before).isEqualTo(2);
    }

    /** Missing, then empty, then malformed: each refused and counted; the keys and readiness stay as they were. */
    @Test
    void aBrokenFileKeepsTheKeysAndReadiness() throws Exception {
        SECRET.update(FIRST + "\n");
        await("the first key", () -> predict(FIRST) == 200);
        long failures = reloads("failure");
        String ready = "http://127.0.0.1:" + APP.getLocalPort() + "/health-check?type=ready";

        SECRET.update("");
        await("the empty file refused", () -> reloads("failure") == failures + 1);
        SECRET.update(SECOND + "\nnot a key\n");
        await("the malformed file refused", () -> reloads("failure") == failures + 2);

        assertThat(predict(FIRST)).isEqualTo(200);
        assertThat(predict(SECOND)).isEqualTo(401);
        assertThat(status(ready, null)).isEqualTo(200);
        SECRET.update(FIRST + "\n");
    }

    @Test
    void bothApiKeyAndApiKeyFileIsAStartUpError() {
        DropwizardTestSupport<IrisConfiguration> app = new DropwizardTestSupport<>(IrisApplication.class,
                IrisApplication.DEFAULT_CONFIG, ConfigOverride.randomPorts(),
                ConfigOverride.config("apiKeys", FIRST),
                ConfigOverride.config("apiKeyFile", SECRET.file().toString()));

        assertThatThrownBy(app::before).hasStackTraceContaining("API_KEY and API_KEY_FILE are both set");
        app.after();
    }

    @Test
    void productionDoesNotStartWithAMissingKeyFile() {
        DropwizardTestSupport<IrisConfiguration> app = new DropwizardTestSupport<>(IrisApplication.class,
                IrisApplication.DEFAULT_CONFIG, ConfigOverride.randomPorts(),
                ConfigOverride.config("environment", "production"),
                ConfigOverride.config("apiKeyFile", SECRET.file().resolveSibling("no-such-file").toString()));

        assertThatThrownBy(app::before).hasStackTraceContaining("refused: the file does not exist: the service "
                + "does not start in production without a valid key");
        app.after();
    }
}
