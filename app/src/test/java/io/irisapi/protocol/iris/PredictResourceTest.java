package io.irisapi.protocol.iris;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.dropwizard.util.Duration;
import io.irisapi.core.Algorithm;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelManager;
import io.irisapi.core.ScoringObserver;
import io.irisapi.dataplane.DataPlane;
import io.irisapi.core.Trainer;
import io.irisapi.http.ModelVersionHeader;
import io.irisapi.protocol.ProtocolResources;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** PredictResource alone, with a model that is swapped while requests run: each answer names the model that made it. */
@ExtendWith(DropwizardExtensionsSupport.class)
class PredictResourceTest {
    static final IrisModel J48 = Trainer.train(Algorithm.J48, IrisDataset.load()).open("j48", "test");
    static final ModelManager MODELS = new ModelManager(null, Optional.empty(), Duration.seconds(1), new MetricRegistry());
    static final ResourceExtension RESOURCE = ProtocolResources.of(ProtocolResources.strictMapper(),
            new IrisProtocol(new DataPlane(MODELS, 3, ScoringObserver.NONE), "1.0.0"));
    static final String ROW = "{\"sepal_length\":7.0,\"sepal_width\":3.2,\"petal_length\":4.7,\"petal_width\":1.4}";

    @Test
    void answersWithTheModelServedAtTheTime() {
        MODELS.swap(J48);
        Response first = RESOURCE.target("/predict").request().post(Entity.json(ROW));
        assertThat(first.getHeaderString(ModelVersionHeader.NAME)).isEqualTo("j48");
        assertThat(first.readEntity(JsonNode.class).get("prediction").asText()).isEqualTo("versicolor");

        MODELS.swap(Trainer.train(Algorithm.RANDOM_FOREST, IrisDataset.load()).open("forest", "test"));
        Response second = RESOURCE.target("/predict").request().post(Entity.json(ROW));
        assertThat(second.getHeaderString(ModelVersionHeader.NAME)).isEqualTo("forest");
        assertThat(second.readEntity(JsonNode.class).get("model_version").asText()).isEqualTo("forest");
    }

    @Test
    void rowLimitComesFromTheDataPlane() {
        MODELS.swap(J48);
        String four = "{\"instances\":[" + String.join(",", java.util.Collections.nCopies(4, ROW)) + "]}";

        Response response = RESOURCE.target("/predict/batch").request().post(Entity.json(four));

        assertThat(response.getStatus()).isEqualTo(413);
    }
}
