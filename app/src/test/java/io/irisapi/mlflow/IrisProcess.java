package io.irisapi.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The packaged jar run as users run it: {@code train} to completion, or {@code server} on free loopback ports. */
final class IrisProcess implements AutoCloseable {
    static final String KEY = "it-key";
    static final String SETOSA = "{\"sepal_length\":5.1,\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path log;
    private final int port;
    private final int adminPort;

    private IrisProcess(Process process, Path log, int port, int adminPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.adminPort = adminPort;
    }

    record Result(int exitCode, String output) {
    }

    /** Runs {@code train ARGS} to completion (bounded) and returns its exit code and output. */
    static Result train(String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile("iris-train-", ".log");
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar(), "train"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("MLFLOW_TRACKING_URI");
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("train did not finish:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        Files.delete(log);
        return new Result(process.exitValue(), output);
    }

    /** Starts {@code server} with these environment variables (plus free ports), without waiting for readiness. */
    static IrisProcess serve(Map<String, String> env) throws IOException {
        int port = MlflowServer.freePort();
        int adminPort = MlflowServer.freePort();
        Path log = Files.createTempFile("iris-server-", ".log");
        // Short back-off between start-up attempts, so that "ready once MLflow comes" shows quickly.
        ProcessBuilder builder = new ProcessBuilder(java(), "-Ddw.model.maxRetryDelay=1s", "-jar", jar(), "server")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MLFLOW_") || name.startsWith("MODEL_")
                || name.equals("API_KEY") || name.equals("ENVIRONMENT"));
        builder.environment().putAll(env);
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("ADMIN_PORT", String.valueOf(adminPort));
        builder.environment().put("SHUTDOWN_WAIT_PERIOD", "100ms"); // no load balancer to drain in a test
        return new IrisProcess(builder.start(), log, port, adminPort);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-API-Key", KEY).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> predict(String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                .header("X-API-Key", KEY).header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    int readiness() throws InterruptedException {
        try {
            return get("/health-check?type=ready").statusCode();
        } catch (IOException notListening) {
            return -1;
        }
    }

    /** The version named by GET /model, or null while no model is served. */
    String servedVersion() throws IOException, InterruptedException {
        HttpResponse<String> model = get("/model");
        return model.statusCode() == 200 ? JSON.readTree(model.body()).path("version").asText() : null;
    }

    /** A Dropwizard counter from the admin port's /metrics. */
    long counter(String name) throws IOException, InterruptedException {
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + adminPort + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(metrics.body()).path("counters").path(name).path("count").asLong();
    }

    String prometheus() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/prometheus"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }

    /** Waits for the poller to finish {@code polls} more polls: "within one poll interval" without a clock. */
    void awaitPolls(int polls) throws IOException, InterruptedException {
        long target = counter("mlflow.polls") + polls;
        awaitCondition("the poller to run " + polls + " more times", () -> {
            try {
                return counter("mlflow.polls") >= target;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
    }

    /** Polls a condition (bounded, so a broken service fails the test instead of hanging it). */
    void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.getAsBoolean()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what + "; service log:\n" + output());
            }
            Thread.sleep(200);
        }
    }

    void awaitReady() throws InterruptedException {
        awaitCondition("readiness", () -> {
            try {
                return readiness() == 200;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        });
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String jar() {
        String jar = System.getProperty("iris.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("system property iris.jar must name the packaged jar (failsafe sets it)");
        }
        return jar;
    }
}
