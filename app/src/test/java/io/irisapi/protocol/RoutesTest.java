package io.irisapi.protocol;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.irisapi.core.RejectedException;
import io.irisapi.protocol.iris.IrisErrors;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A protocol's routes need no declaration but its resources (and its prefix): labels, shapes and the rest follow. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RoutesTest {
    @Path("/x")
    public static class Things {
        @GET
        @AnswersWithoutModel
        public String all() {
            return "[]";
        }

        @GET
        @Path("things/{id: [0-9]+}")
        public String one(@PathParam("id") String id) {
            return id;
        }

        @POST
        @Path("things/{id: [0-9]+}")
        public String change(@PathParam("id") String id) {
            return id;
        }
    }

    /** Not a protocol's: the last protocol's, as /openapi.json is. */
    @Path("/unowned")
    public static class Unowned {
        @GET
        @AnswersWithoutModel
        public String get() {
            return "";
        }
    }

    static final ErrorShape SHAPE = new ErrorShape() {
        @Override
        public Object body(RejectedException error) {
            return error.getMessage();
        }

        @Override
        public Class<?> bodyType() {
            return String.class;
        }
    };

    static final Protocol EXTRA = new Protocol() {
        @Override
        public String name() {
            return "extra";
        }

        @Override
        public List<Object> components() {
            return List.of(new Things());
        }

        @Override
        public ErrorShape errors() {
            return SHAPE;
        }

        @Override
        public Optional<String> prefix() {
            return Optional.of("/x");
        }
    };

    static final IrisErrors OWN_SHAPE = new IrisErrors();
    static final Protocol OWN = new Protocol() {
        @Override
        public String name() {
            return "own";
        }

        @Override
        public List<Object> components() {
            return List.of();
        }

        @Override
        public ErrorShape errors() {
            return OWN_SHAPE;
        }
    };

    static final Routes ROUTES = new Routes(List.of(EXTRA, OWN));
    static final ResourceExtension RESOURCES = ResourceExtension.builder()
            .addResource(new Things())
            .addResource(new Unowned())
            .addProvider(ROUTES)
            .build();

    @Test
    void aNewRouteIsLabelledByItsTemplateAndProtocol() {
        assertThat(ROUTES.label("/x")).isEqualTo(new Routes.Label("/x", "extra"));
        assertThat(ROUTES.label("/x/things/42")).isEqualTo(new Routes.Label("/x/things/{id}", "extra"));
        assertThat(ROUTES.label("/x/things/forty-two")).isEqualTo(Routes.OTHER);
        assertThat(ROUTES.label("/unowned")).isEqualTo(new Routes.Label("/unowned", "own"));
    }

    @Test
    void itsRoutesAndEveryPathBelowItsPrefixTakeItsErrorShape() {
        assertThat(ROUTES.errorShape("/x/things/42")).isSameAs(SHAPE);
        assertThat(ROUTES.errorShape("x/no-such-thing")).isSameAs(SHAPE);
        assertThat(ROUTES.errorShape("/x")).isSameAs(SHAPE);
        assertThat(ROUTES.errorShape("/xy")).isSameAs(OWN_SHAPE);
        assertThat(ROUTES.errorShape("/unowned")).isSameAs(OWN_SHAPE);
        assertThat(ROUTES.fallbackShape()).isSameAs(OWN_SHAPE);
    }

    @Test
    void methodsAndRoutesWithoutAModelComeFromTheResources() {
        assertThat(ROUTES.allowedMethods("/x/things/42")).isEqualTo("GET, HEAD, OPTIONS, POST");
        assertThat(ROUTES.allowedMethods("/x")).isEqualTo("GET, HEAD, OPTIONS");
        assertThat(ROUTES.allowedMethods("/y")).isNull();
        assertThat(ROUTES.withoutModel()).containsExactlyInAnyOrder("/x", "/unowned");
    }
}
