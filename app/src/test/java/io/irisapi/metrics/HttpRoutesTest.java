package io.irisapi.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpRoutesTest {
    @Test
    void pathsMapToTheirRouteTemplateAndProtocol() {
        assertThat(HttpRoutes.of("/predict")).isEqualTo(new HttpRoutes.Route("/predict", "iris"));
        assertThat(HttpRoutes.of("/invocations").protocol()).isEqualTo("mlflow");
        assertThat(HttpRoutes.of("/v2/models/iris/infer")).isEqualTo(HttpRoutes.of("/v2/models/other/versions/7/infer"))
                .isEqualTo(new HttpRoutes.Route("/v2/models/{model}/infer", "v2"));
        assertThat(HttpRoutes.of("/v2/models/iris/versions/1").route()).isEqualTo("/v2/models/{model}");
        assertThat(HttpRoutes.of("/v1/models/iris:predict")).isEqualTo(new HttpRoutes.Route("/v1/models/{model}:predict", "v1"));
        assertThat(HttpRoutes.of("/health-check").protocol()).isEqualTo("probe");
    }

    @Test
    void unknownPathsShareOneSeries() {
        assertThat(HttpRoutes.of("/predict/")).isEqualTo(HttpRoutes.OTHER);
        assertThat(HttpRoutes.of("/v2/models/iris/infer/extra")).isEqualTo(HttpRoutes.OTHER);
        assertThat(HttpRoutes.of("/" + "x".repeat(500))).isEqualTo(HttpRoutes.OTHER);
    }
}
