package io.irisapi.errors;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.irisapi.core.RejectedException;
import io.irisapi.protocol.ErrorShape;
import io.irisapi.protocol.InferenceErrors;
import io.irisapi.protocol.Protocol;
import io.irisapi.protocol.Routes;
import io.irisapi.protocol.iris.IrisErrors;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever is thrown, and wherever, is answered once, in the shape of the route's protocol, never a stack trace. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ErrorMapperTest {
    @Path("/")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Failing {
        @GET
        @Path("{prefix: (v2/)?}bug")
        public String bug(@PathParam("prefix") String prefix) {
            throw new IllegalStateException("a bug with a secret in its message");
        }

        @GET
        @Path("{prefix: (v2/)?}refused")
        public String refused(@PathParam("prefix") String prefix) {
            throw RejectedException.invalid("sepal_length", "must not be negative");
        }

        @POST
        @Path("v2/post-only")
        public String postOnly() {
            return "{}";
        }
    }

    /** A protocol that serves no route here but claims the paths below its prefix, as the inference protocols do. */
    private static Protocol claiming(String prefix, ErrorShape shape) {
        return new Protocol() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public List<Object> components() {
                return List.of();
            }

            @Override
            public ErrorShape errors() {
                return shape;
            }

            @Override
            public Optional<String> prefix() {
                return Optional.ofNullable(prefix);
            }
        };
    }

    static final Routes ROUTES = new Routes(List.of(claiming("/v2", new InferenceErrors()),
            claiming(null, new IrisErrors())));
    static final ResourceExtension RESOURCES = ResourceExtension.builder()
            .setRegisterDefaultExceptionMappers(false)
            .addResource(new Failing())
            .addProvider(ROUTES)
            .addProvider(new ErrorMapper(new ErrorRenderer(ROUTES)))
            .build();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Response response) {
        assertThat(response.getMediaType().toString()).startsWith(MediaType.APPLICATION_JSON);
        return response.readEntity(Map.class);
    }

    @Test
    void aBugIsALogged500InTheRoutesShape() {
        Response service = RESOURCES.target("/bug").request().get();
        assertThat(service.getStatus()).isEqualTo(500);
        assertThat(body(service)).containsEntry("code", 500).extracting(b -> (String) b.get("message")).asString()
                .contains("It has been logged (ID ").doesNotContain("secret");

        Response protocol = RESOURCES.target("/v2/bug").request().get();
        assertThat(protocol.getStatus()).isEqualTo(500);
        assertThat(body(protocol)).containsOnlyKeys("error");
    }

    @Test
    void theOneErrorTypeTakesEachShapesStatus() {
        Response service = RESOURCES.target("/refused").request().get();
        assertThat(service.getStatus()).isEqualTo(422);
        assertThat(body(service)).containsEntry("field", "sepal_length");

        Response protocol = RESOURCES.target("/v2/refused").request().get();
        assertThat(protocol.getStatus()).isEqualTo(400);
        assertThat(body(protocol)).isEqualTo(Map.of("error", "sepal_length must not be negative"));
    }

    @Test
    void jerseysOwnErrorsKeepTheirStatusAndHeaders() {
        Response notAllowed = RESOURCES.target("/v2/post-only").request().get();
        assertThat(notAllowed.getStatus()).isEqualTo(405);
        assertThat(notAllowed.getHeaderString("Allow")).contains("POST");
        assertThat(body(notAllowed)).containsOnlyKeys("error");

        Response notFound = RESOURCES.target("/nothing-here").request().get();
        assertThat(notFound.getStatus()).isEqualTo(404);
        assertThat(body(notFound)).containsEntry("code", 404);
    }
}
