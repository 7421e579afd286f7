package io.irisapi.metrics;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.irisapi.dataplane.DataPlane;
import io.irisapi.protocol.ProtocolResources;
import io.irisapi.protocol.Routes;
import io.irisapi.protocol.iris.IrisProtocol;
import io.irisapi.protocol.kserve.KserveProtocol;
import io.irisapi.protocol.mlflow.MlflowProtocol;
import io.irisapi.protocol.oip.OipProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The labels of the application's protocols, read from Jersey's resource model of them. */
@ExtendWith(DropwizardExtensionsSupport.class)
class HttpRoutesTest {
    static final DataPlane DATA_PLANE = ProtocolResources.dataPlane();
    static final Routes ROUTES = new Routes(List.of(
            new MlflowProtocol(DATA_PLANE, ProtocolResources.strictMapper(), "1.0.0"),
            new OipProtocol(DATA_PLANE, "1.0.0"), new KserveProtocol(DATA_PLANE),
            new IrisProtocol(DATA_PLANE, "1.0.0")));
    static final ResourceExtension RESOURCES = ProtocolResources.of(ProtocolResources.strictMapper(), ROUTES);
    static final HttpRoutes HTTP_ROUTES = new HttpRoutes(ROUTES, Set.of("/health-check"));

    private static Routes.Label route(String route, String protocol) {
        return new Routes.Label(route, protocol);
    }

    @Test
    void pathsMapToTheirRouteTemplateAndProtocol() {
        assertThat(HTTP_ROUTES.of("/predict")).isEqualTo(route("/predict", "iris"));
        assertThat(HTTP_ROUTES.of("/invocations").protocol()).isEqualTo("mlflow");
        assertThat(HTTP_ROUTES.of("/v2/models/iris/infer"))
                .isEqualTo(HTTP_ROUTES.of("/v2/models/other/versions/7/infer"))
                .isEqualTo(route("/v2/models/{model}/infer", "v2"));
        assertThat(HTTP_ROUTES.of("/v2/models/iris/versions/1").route()).isEqualTo("/v2/models/{model}");
        assertThat(HTTP_ROUTES.of("/v1/models/iris:predict")).isEqualTo(route("/v1/models/{model}:predict", "v1"));
        assertThat(HTTP_ROUTES.of("/health-check").protocol()).isEqualTo("probe");
    }

    /** Every route of the four protocols, as before the labels were derived from Jersey's resource model. */
    @Test
    void everyServedRouteHasItsLabel() {
        for (String path : List.of("/predict", "/predict/batch", "/model", "/health")) {
            assertThat(HTTP_ROUTES.of(path)).as(path).isEqualTo(route(path, "iris"));
        }
        for (String path : List.of("/invocations", "/ping", "/version")) {
            assertThat(HTTP_ROUTES.of(path)).as(path).isEqualTo(route(path, "mlflow"));
        }
        for (String path : List.of("/v2", "/v2/health/live", "/v2/health/ready")) {
            assertThat(HTTP_ROUTES.of(path)).as(path).isEqualTo(route(path, "v2"));
        }
        assertThat(HTTP_ROUTES.of("/v2/models/iris/versions/1/ready")).isEqualTo(HTTP_ROUTES.of("/v2/models/x/ready"))
                .isEqualTo(route("/v2/models/{model}/ready", "v2"));
        assertThat(HTTP_ROUTES.of("/v2/models/iris")).isEqualTo(route("/v2/models/{model}", "v2"));
        assertThat(HTTP_ROUTES.of("/v1/models/iris")).isEqualTo(route("/v1/models/{model}", "v1"));
        assertThat(HTTP_ROUTES.of("/v1/models")).isEqualTo(route("/v1/models", "v1"));
        assertThat(HTTP_ROUTES.of("/")).isEqualTo(route("/", "v1"));
    }

    @Test
    void unknownPathsShareOneSeries() {
        assertThat(HTTP_ROUTES.of("/predict/")).isEqualTo(HttpRoutes.OTHER);
        assertThat(HTTP_ROUTES.of("/v2/models/iris/infer/extra")).isEqualTo(HttpRoutes.OTHER);
        assertThat(HTTP_ROUTES.of("/" + "x".repeat(500))).isEqualTo(HttpRoutes.OTHER);
        assertThat(HTTP_ROUTES.of("/v1/models/a/b")).isEqualTo(HttpRoutes.OTHER);
    }
}
