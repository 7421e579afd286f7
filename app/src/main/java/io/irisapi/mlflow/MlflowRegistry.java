package io.irisapi.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ch.qos.logback.classic.Level;
import io.dropwizard.jackson.Jackson;
import io.irisapi.core.ModelLoadException;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything this service asks of an MLflow tracking server, in one place.
 *
 * <p>mlflow-client's typed API covers runs and experiments, but has no calls to create registered models or versions
 * or to manage aliases, and its artifact upload and download shell out to a Python {@code mlflow} installation. So the
 * registry is reached through the client's generic REST calls ({@link MlflowClient#sendGet}, {@link
 * MlflowClient#sendPost}), and artifacts move over the tracking server's artifact proxy
 * ({@code mlflow-artifacts:} URIs, {@code /api/2.0/mlflow-artifacts/artifacts/...}) with the JDK's HTTP client:
 * neither training nor serving needs Python.
 */
public final class MlflowRegistry implements AutoCloseable {
    /** The same bound as the deserialization filter's: a bigger artifact is not an Iris model. */
    static final int MAX_ARTIFACT_BYTES = 64 << 20;
    private static final String ARTIFACTS_SCHEME = "mlflow-artifacts:";
    private static final String ARTIFACTS_API = "/api/2.0/mlflow-artifacts/artifacts/";
    private static final Duration ARTIFACT_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = Jackson.newObjectMapper();

    private final URI trackingUri;
    /** The address as messages and logs show it: without the user:password@ a URI may carry. */
    private final String shown;
    private final MlflowClient client;
    private final MlflowCredentials credentials;
    private final HttpClient http;

    public MlflowRegistry(String trackingUri) {
        this(trackingUri, MlflowCredentials.fromEnvironment(System.getenv()));
    }

    MlflowRegistry(String trackingUri, MlflowCredentials credentials) {
        if (trackingUri == null || trackingUri.isBlank()) {
            throw new IllegalArgumentException("MLFLOW_TRACKING_URI is not set: models:/ and runs:/ URIs and "
                    + "train --mlflow need the address of an MLflow tracking server, e.g. http://localhost:5000");
        }
        URI uri;
        try {
            uri = URI.create(trackingUri.trim().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) { // its message quotes the whole URI
            throw new IllegalArgumentException("MLFLOW_TRACKING_URI " + withoutCredentials(trackingUri.trim())
                    + " is not a valid URI");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("MLFLOW_TRACKING_URI " + withoutCredentials(trackingUri.trim())
                    + " is not the http(s)://host:port"
                    + " of an MLflow tracking server");
        }
        this.trackingUri = uri;
        this.credentials = credentials;
        this.shown = withoutCredentials(uri.toString());
        this.client = new MlflowClient(credentials.hostCreds(uri.toString()));
        // The client retries every 4xx answer twice and logs each retry as "Rate limit exceeded": for expected
        // answers (an alias not set yet, a model that already exists) that is noise; the errors themselves are
        // reported by this class.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.mlflow.tracking.MlflowHttpCaller"))
                .setLevel(Level.ERROR);
        // HTTP/1.1 only: the JDK client otherwise asks to upgrade to h2c, and uvicorn (with h11 0.16) refuses such
        // an upload with 400 "Invalid HTTP request received".
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The tracking server's address for messages: never with the credentials it may carry. */
    public String trackingUri() {
        return shown;
    }

    /** Text with every {@code scheme://user:password@host} in it shown as {@code scheme://host}. */
    static String withoutCredentials(String text) {
        return text == null ? null : text.replaceAll("(://)[^/?#@\\s]*@", "$1");
    }

    // ---- Registered models, versions and aliases (generic REST calls) ----------------------------------------

    /** Creates the registered model unless it exists: training can run any number of times. */
    public void createRegisteredModel(String name) {
        try {
            post("create registered model " + name, "registered-models/create", json().put("name", name));
        } catch (RegistryError e) {
            if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode)) {
                throw e;
            }
        }
    }

    public ModelVersion createVersion(String name, String source, String runId) {
        JsonNode body = post("register a version of " + name, "model-versions/create",
                json().put("name", name).put("source", source).put("run_id", runId));
        return version(body.path("model_version"));
    }

    public ModelVersion version(String name, String version) {
        try {
            return version(get("read version " + version + " of " + name, "model-versions/get?name=" + encode(name)
                    + "&version=" + encode(version)).path("model_version"));
        } catch (RegistryError e) {
            throw e.notFound() ? new ModelLoadException("MLflow has no version " + version + " of " + name) : e;
        }
    }

    /** The version an alias points at; empty when the alias (or the registered model) does not exist yet. */
    public Optional<ModelVersion> versionByAlias(String name, String alias) {
        try {
            return Optional.of(version(get("resolve " + name + "@" + alias, "registered-models/alias?name="
                    + encode(name) + "&alias=" + encode(alias)).path("model_version")));
        } catch (RegistryError e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public void setAlias(String name, String alias, String version) {
        post("point " + name + "@" + alias + " at version " + version, "registered-models/alias",
                json().put("name", name).put("alias", alias).put("version", version));
    }

    /** A new version may be PENDING_REGISTRATION for a while on some stores; serving it before READY would fail. */
    public ModelVersion awaitReady(ModelVersion created, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ModelVersion current = created;
        while (!current.isReady()) {
            if (!"PENDING_REGISTRATION".equals(current.status()) || System.nanoTime() > deadline) {
                throw new MlflowException("version " + current.version() + " of " + current.name() + " is "
                        + current.status() + ", not " + ModelVersion.READY);
            }
            Thread.sleep(500);
            current = version(current.name(), current.version());
        }
        return current;
    }

    // ---- Runs (mlflow-client's typed API) --------------------------------------------------------------------

    /** Calls mlflow-client's typed API with the same error handling as the REST calls. */
    public <T> T tracking(String what, Function<MlflowClient, T> call) {
        try {
            return call.apply(client);
        } catch (MlflowHttpException e) {
            throw RegistryError.of(this, what, e);
        } catch (MlflowClientException e) {
            throw unreachable(what, e);
        }
    }

    public String runArtifactUri(String runId) {
        try {
            return tracking("read run " + runId, c -> c.getRun(runId)).getInfo().getArtifactUri();
        } catch (RegistryError e) {
            throw e.notFound() ? new ModelLoadException("MLflow has no run " + runId) : e;
        }
    }

    public Optional<Double> runMetric(String runId, String key) {
        return tracking("read run " + runId, c -> c.getRun(runId)).getData().getMetricsList().stream()
                .filter(metric -> metric.getKey().equals(key))
                .map(metric -> metric.getValue())
                .findFirst();
    }

    // ---- Artifacts, over the tracking server's artifact proxy ------------------------------------------------

    public byte[] download(String artifactUri) {
        HttpRequest request = artifactRequest(artifactUri).GET().build();
        HttpResponse<InputStream> response = send("download " + artifactUri, request,
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(MAX_ARTIFACT_BYTES + 1);
            if (response.statusCode() == 404) {
                throw new ModelLoadException("MLflow has no artifact " + artifactUri);
            }
            if (response.statusCode() != 200) {
                throw RegistryError.of(this, "download " + artifactUri, response.statusCode(),
                        new String(bytes, StandardCharsets.UTF_8));
            }
            if (bytes.length > MAX_ARTIFACT_BYTES) {
                throw new ModelLoadException(artifactUri + " is larger than " + MAX_ARTIFACT_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw unreachable("download " + artifactUri, e);
        }
    }

    public void upload(String artifactUri, byte[] content) {
        HttpRequest request = artifactRequest(artifactUri).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build();
        HttpResponse<String> response = send("upload " + artifactUri, request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw RegistryError.of(this, "upload " + artifactUri, response.statusCode(), response.body());
        }
    }

    private HttpRequest.Builder artifactRequest(String artifactUri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(proxyUri(artifactUri)).timeout(ARTIFACT_TIMEOUT);
        credentials.authorization().ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    /** {@code mlflow-artifacts:/1/<run>/artifacts/model/model.bin} -> the proxy's URL for that path. */
    URI proxyUri(String artifactUri) {
        if (!artifactUri.startsWith(ARTIFACTS_SCHEME)) {
            throw new ModelLoadException("artifact " + artifactUri + " is not served by the tracking server's artifact"
                    + " proxy: start `mlflow server` with artifact serving on (the default) and --artifacts-destination,"
                    + " so that runs store mlflow-artifacts: URIs");
        }
        // mlflow-artifacts://host:port/path names a proxy elsewhere; this service talks to its tracking server only.
        String path = artifactUri.substring(ARTIFACTS_SCHEME.length()).replaceFirst("^//[^/]*", "")
                .replaceFirst("^/+", "");
        String encoded = Arrays.stream(path.split("/"))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
        return URI.create(trackingUri + ARTIFACTS_API + encoded);
    }

    private <T> HttpResponse<T> send(String what, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw unreachable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowException("interrupted while trying to " + what, e);
        }
    }

    // ---- Plumbing ----------------------------------------------------------------------------------------------

    private JsonNode get(String what, String path) {
        return parse(what, call(what, () -> client.sendGet(path)));
    }

    private JsonNode post(String what, String path, ObjectNode body) {
        return parse(what, call(what, () -> client.sendPost(path, body.toString())));
    }

    private String call(String what, java.util.function.Supplier<String> request) {
        try {
            return request.get();
        } catch (MlflowHttpException e) {
            throw RegistryError.of(this, what, e);
        } catch (MlflowClientException e) {
            throw unreachable(what, e);
        }
    }

    private JsonNode parse(String what, String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new MlflowException("MLflow at " + shown + " answered " + what + " with something other than"
                    + " JSON: is MLFLOW_TRACKING_URI the address of an MLflow tracking server?", e);
        }
    }

    private static ModelVersion version(JsonNode node) {
        return new ModelVersion(node.path("name").asText(), node.path("version").asText(),
                node.path("source").asText(), node.path("run_id").asText(null), node.path("status").asText());
    }

    private static ObjectNode json() {
        return JSON.createObjectNode();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private MlflowException unreachable(String what, Exception e) {
        Throwable cause = e.getCause() != null && e instanceof MlflowClientException ? e.getCause() : e;
        String text = String.valueOf(cause);
        String shownCause = withoutCredentials(text);
        // A client's message may quote the URL it called, credentials and all: then the cause is not kept (logged).
        return new MlflowException("MLflow at " + shown + " is unreachable (trying to " + what + "): " + shownCause,
                shownCause.equals(text) ? e : null);
    }

    /** The Host header this service sends, as MLflow's --allowed-hosts must name it. */
    private String hostHeader() {
        return trackingUri.getPort() < 0 ? trackingUri.getHost() : trackingUri.getHost() + ":" + trackingUri.getPort();
    }

    @Override
    public void close() {
        client.close();
    }

    /** An HTTP error answer from MLflow, explained for a human, with its error_code when it sent one. */
    private static final class RegistryError extends MlflowException {
        private final int status;
        private final String errorCode;
        private final String detail;

        private RegistryError(String message, int status, String errorCode, String detail) {
            super(message);
            this.status = status;
            this.errorCode = errorCode;
            this.detail = detail;
        }

        static RegistryError of(MlflowRegistry registry, String what, MlflowHttpException e) {
            return of(registry, what, e.getStatusCode(), e.getBodyMessage() == null ? "" : e.getBodyMessage());
        }

        static RegistryError of(MlflowRegistry registry, String what, int status, String body) {
            String errorCode = "";
            String detail = body.strip();
            try {
                JsonNode json = JSON.readTree(body);
                errorCode = json.path("error_code").asText("");
                detail = json.path("message").asText(detail);
            } catch (IOException | RuntimeException notJson) {
                // MLflow's middleware answers in plain text (e.g. the Host check); keep the text as it is.
            }
            return new RegistryError(explain(registry, what, status, errorCode, detail), status, errorCode, detail);
        }

        private static String explain(MlflowRegistry registry, String what, int status, String errorCode,
                                      String detail) {
            if (status == 403 && detail.contains("Invalid Host header")) {
                // MLflow 3.5+ refuses Host headers it was not told about (DNS-rebinding protection).
                String host = registry.hostHeader();
                return "MLflow at " + registry.shown + " refused the Host header '" + host
                        + "' (403 Invalid Host header) when asked to " + what + ". MLflow 3.5 and later accept only"
                        + " the hosts named by the server's --allowed-hosts option (default: localhost and private"
                        + " IPs): start it with --allowed-hosts listing " + host + " (in Kubernetes, the Service"
                        + " name, with and without its port), or reach it through an allowed name.";
            }
            return "MLflow at " + registry.shown + " refused to " + what + ": HTTP " + status
                    + (errorCode.isEmpty() ? "" : " " + errorCode) + ": " + detail;
        }

        /** A missing registered model, version, run or alias: MLflow says 404, or 400 for an unknown alias. */
        boolean notFound() {
            return "RESOURCE_DOES_NOT_EXIST".equals(errorCode)
                    || status == 400 && detail.matches("(?s).*alias .* not found.*");
        }
    }
}
