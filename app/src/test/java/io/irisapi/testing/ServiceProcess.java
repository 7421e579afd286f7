package io.irisapi.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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

/**
 * The packaged jar run as users run it ({@code java -jar iris-api.jar ...}): a command to completion, or
 * {@code server} on free loopback ports with its output in a file. Every process-level Java test starts it here.
 */
public final class ServiceProcess implements AutoCloseable {
    /** The key process-level tests give the service. */
    public static final String KEY = "it-key";
    public static final String SETOSA =
            "{\"sepal_length\":5.1,\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2}";
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final int port;
    public final int adminPort;
    public final Process process;
    private final Path log;

    private ServiceProcess(Map<String, String> env, List<String> args) throws IOException {
        this.port = freePort();
        this.adminPort = freePort();
        this.log = Files.createTempFile("iris-api-", ".log");
        // Short back-off between start-up attempts, so that "ready once MLflow comes" shows quickly.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-Ddw.model.maxRetryDelay=1s", "-jar", jar()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MLFLOW_") || name.startsWith("MODEL_")
                || name.startsWith("API_KEY") || name.equals("ENVIRONMENT"));
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("ADMIN_PORT", Integer.toString(adminPort));
        builder.environment().put("SHUTDOWN_WAIT_PERIOD", "100ms"); // no load balancer to drain, unless a test says
        builder.environment().putAll(env);
        this.process = builder.start();
    }

    /** Starts {@code server} with these environment variables (plus free ports), without waiting for readiness. */
    public static ServiceProcess server(Map<String, String> env) throws IOException {
        return new ServiceProcess(env, List.of("server"));
    }

    public record Result(int exitCode, String output) {
        /** The output of a command that must have succeeded. */
        public String succeeded() {
            if (exitCode != 0) {
                throw new AssertionError("command failed with " + exitCode + ":\n" + output);
            }
            return output;
        }
    }

    /** Runs a command (train ...) to completion, bounded, and returns its exit code and output. */
    public static Result run(String... args) throws Exception {
        try (ServiceProcess p = new ServiceProcess(Map.of(), List.of(args))) {
            if (!p.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("command did not finish: " + List.of(args) + "\n" + p.output());
            }
            return new Result(p.process.exitValue(), p.output());
        }
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(port, path)).GET());
    }

    public HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(port, path)).header("X-API-Key", key).GET());
    }

    public HttpResponse<String> post(String path, String key, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return send(request);
    }

    /** The status of readiness, or -1 while nothing listens. */
    public int readiness() throws InterruptedException {
        try {
            return get("/health-check?type=ready").statusCode();
        } catch (IOException notListening) {
            return -1;
        }
    }

    /** The version named by GET /model, or null while no model is served. */
    public String servedVersion(String key) throws IOException, InterruptedException {
        HttpResponse<String> model = get("/model", key);
        return model.statusCode() == 200 ? json(model.body()).path("version").asText() : null;
    }

    /** A Dropwizard counter from the admin port's /metrics. */
    public long counter(String name) throws IOException, InterruptedException {
        HttpResponse<String> metrics = send(HttpRequest.newBuilder(uri(adminPort, "/metrics")).GET());
        return json(metrics.body()).path("counters").path(name).path("count").asLong();
    }

    public String prometheus() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(adminPort, "/prometheus")).GET()).body();
    }

    public static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }

    /** Waits for the poller to finish {@code polls} more polls: "within one poll interval" without a clock. */
    public void awaitPolls(int polls) throws IOException, InterruptedException {
        long target = counter("mlflow.polls") + polls;
        awaitCondition("the poller to run " + polls + " more times", () -> {
            try {
                return counter("mlflow.polls") >= target;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
    }

    public void awaitReady() throws InterruptedException {
        awaitReady(PATIENCE);
    }

    /** Polls readiness until it answers 200; fails with the service's output if it does not within the timeout. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        awaitStatus("/health-check?type=ready", 200, timeout);
    }

    public void awaitStatus(String path, int status, Duration timeout) throws InterruptedException {
        awaitCondition(path + " to answer " + status, timeout, () -> {
            try {
                return get(path).statusCode() == status;
            } catch (IOException notListeningYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        });
    }

    /** Polls a condition (bounded, so a broken service fails the test instead of hanging it). */
    public void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
        awaitCondition(what, PATIENCE, condition);
    }

    private void awaitCondition(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("service exited with " + process.exitValue() + " while waiting for " + what
                        + ":\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + timeout + " waiting for " + what + "; service log:\n"
                        + output());
            }
            Thread.sleep(100);
        }
    }

    /** SIGTERM, as the kubelet sends it, then the kill if the service has not stopped. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }

    /**
     * A port free on every address: the service binds all of them (0.0.0.0), so a port free on loopback alone could
     * still be taken; one free on all is free on loopback too, where MLflow's server listens.
     */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String jar() {
        String jar = System.getProperty("iris.jar", "target/iris-api.jar");
        if (!Files.exists(Path.of(jar))) {
            throw new IllegalStateException(jar + " does not exist: system property iris.jar names the packaged jar "
                    + "(failsafe sets it)");
        }
        return jar;
    }
}
