package io.irisapi;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged jar run as users run it: `java -jar iris-api.jar ...` on free loopback ports, output to a file. */
final class ServiceProcess implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("iris.jar", "target/iris-api.jar"));
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final int port;
    final int adminPort;
    final Path log;
    final Process process;

    private ServiceProcess(Map<String, String> env, List<String> args) throws IOException {
        this.port = freePort();
        this.adminPort = freePort();
        this.log = Files.createTempFile("iris-api", ".log");
        ProcessBuilder builder = new ProcessBuilder(command(args)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("MODEL_") || k.equals("API_KEY")
                || k.equals("ENVIRONMENT") || k.equals("MLFLOW_TRACKING_URI"));
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("ADMIN_PORT", Integer.toString(adminPort));
        builder.environment().putAll(env);
        this.process = builder.start();
    }

    static ServiceProcess server(Map<String, String> env) throws IOException {
        return new ServiceProcess(env, List.of("server"));
    }

    /** Runs a command to completion and returns its output. */
    static String run(String... args) throws Exception {
        try (ServiceProcess p = new ServiceProcess(Map.of(), List.of(args))) {
            if (!p.process.waitFor(120, TimeUnit.SECONDS) || p.process.exitValue() != 0) {
                throw new AssertionError("command failed: " + List.of(args) + "\n" + p.output());
            }
            return p.output();
        }
    }

    private static List<String> command(List<String> args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", JAR.toString()));
        command.addAll(args);
        return command;
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> post(String path, String key, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return send(request);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls readiness until it answers 200; fails with the service's output if it does not within the timeout. */
    void awaitReady(Duration timeout) throws Exception {
        awaitStatus("/health-check?type=ready", 200, timeout);
    }

    void awaitStatus(String path, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("service exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                if (get(path).statusCode() == status) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " did not answer " + status + " within " + timeout + ":\n" + output());
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
