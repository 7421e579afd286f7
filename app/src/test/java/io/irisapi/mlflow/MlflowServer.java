package io.irisapi.mlflow;

import io.irisapi.testing.ServiceProcess;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real MLflow tracking server for one test class: {@code .venv/bin/mlflow server} (installed by {@code make venv},
 * which {@code make test} runs) on a free loopback port, with a temporary SQLite backend and artifact directory and the
 * artifact proxy on. Like the in-cluster server it allows one Host header only, {@code 127.0.0.1:PORT}, so that a
 * request to {@code localhost:PORT} meets MLflow's "Invalid Host header" refusal.
 */
public final class MlflowServer implements BeforeAllCallback, AfterAllCallback {
    /** MLflow imports a lot of Python; on a busy 2-core machine its first start can take a minute or more. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final boolean startAtOnce;
    private Path mlflow;
    private Path dir;
    private int port;
    private Process process;

    private MlflowServer(boolean startAtOnce) {
        this.startAtOnce = startAtOnce;
    }

    public static MlflowServer started() {
        return new MlflowServer(true);
    }

    /** For tests that start the service while MLflow is down, then {@link #start()} it. */
    public static MlflowServer notStartedYet() {
        return new MlflowServer(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        mlflow = findMlflow();
        dir = Files.createTempDirectory("mlflow-it-");
        port = ServiceProcess.freePort();
        if (startAtOnce) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    public String trackingUri() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts the server (again: the backend and artifacts persist across restarts) and waits until it answers. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        Files.createDirectories(dir.resolve("artifacts"));
        ProcessBuilder builder = new ProcessBuilder(List.of(mlflow.toString(), "server",
                "--backend-store-uri", "sqlite:///" + dir.resolve("mlflow.db"),
                "--serve-artifacts", "--artifacts-destination", dir.resolve("artifacts").toString(),
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--workers", "1",
                "--allowed-hosts", "127.0.0.1:" + port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
        // The GenAI job runner starts a dozen worker processes that a model registry does not need.
        builder.environment().put("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false");
        process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mlflow server exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(trackingUri() + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        stop();
        throw new IllegalStateException("mlflow server did not answer within " + START_TIMEOUT + ":\n" + log());
    }

    /** Stops the server and every process it started (uvicorn workers). */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        for (ProcessHandle child : children) {
            child.onExit().completeOnTimeout(child, 20, TimeUnit.SECONDS).join();
            child.destroyForcibly();
        }
        process = null;
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** .venv/bin/mlflow at the repository root; failing (not skipping) says how to get it. */
    private static Path findMlflow() {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path candidate = at.resolve(".venv/bin/mlflow");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("The MLflow integration tests need a real MLflow server from .venv/bin/mlflow"
                + " at the repository root, and there is none: run `make venv` (`make test` does it first), which"
                + " installs the MLflow pinned in requirements-dev.txt.");
    }

}
