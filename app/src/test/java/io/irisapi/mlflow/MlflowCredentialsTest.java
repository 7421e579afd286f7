package io.irisapi.mlflow;

import com.sun.net.httpserver.HttpServer;
import io.irisapi.core.ModelLoadException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN reach the server on REST calls and artifact transfers. */
class MlflowCredentialsTest {
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            boolean artifact = exchange.getRequestURI().getPath().contains("mlflow-artifacts");
            byte[] body = (artifact ? "model" : "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"no\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(artifact ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private List<String> sentWith(Map<String, String> env) {
        try (MlflowRegistry registry = new MlflowRegistry("http://127.0.0.1:" + server.getAddress().getPort(),
                MlflowCredentials.fromEnvironment(env))) {
            assertThatThrownBy(() -> registry.version("iris-classifier", "1")).isInstanceOf(ModelLoadException.class);
            assertThat(registry.download("mlflow-artifacts:/1/run/artifacts/model/model.bin")).hasSize(5);
        }
        return List.copyOf(authorizations);
    }

    @Test
    void usernameAndPasswordAreSentAsBasicAuthentication() {
        assertThat(sentWith(Map.of("MLFLOW_TRACKING_USERNAME", "trainer", "MLFLOW_TRACKING_PASSWORD", "s3cret")))
                .hasSizeGreaterThanOrEqualTo(2).containsOnly("Basic dHJhaW5lcjpzM2NyZXQ=");
    }

    @Test
    void aTokenIsSentAsABearerToken() {
        assertThat(sentWith(Map.of("MLFLOW_TRACKING_TOKEN", "tok-123"))).containsOnly("Bearer tok-123");
    }

    @Test
    void withoutCredentialsNothingIsSent() {
        assertThat(sentWith(Map.of())).containsOnly("null");
    }

    @Test
    void aUsernameWithoutAPasswordIsAConfigurationError() {
        assertThatThrownBy(() -> MlflowCredentials.fromEnvironment(Map.of("MLFLOW_TRACKING_USERNAME", "trainer")))
                .hasMessageContaining("set both, or neither");
        assertThat(MlflowCredentials.fromEnvironment(Map.of("MLFLOW_TRACKING_TOKEN", "tok-123")).toString())
                .doesNotContain("tok-123");
    }
}
