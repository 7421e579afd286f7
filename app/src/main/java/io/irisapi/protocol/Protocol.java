package io.irisapi.protocol;

import io.swagger.v3.oas.models.OpenAPI;

import java.util.List;
import java.util.Optional;

/**
 * A protocol the service speaks, as a plug-in over the one data plane: its name, its Jersey components (resources
 * and the filters only its routes need), its error shape, and what it adds to the OpenAPI document beyond what
 * swagger-core reads from its resources' annotations. Its routes are its resources' own, as Jersey reads them
 * ({@link Routes}); methods that answer without a model say so with {@link AnswersWithoutModel}.
 */
public interface Protocol {
    /** The {@code protocol} label of its requests' metrics. */
    String name();

    List<Object> components();

    ErrorShape errors();

    /**
     * The path below which every path is this protocol's, served by a resource or not, so that a 404 or 405 there
     * is in its shape too; empty when it claims only its resources' routes.
     */
    default Optional<String> prefix() {
        return Optional.empty();
    }

    /** The {@code route} label of one of its route templates, as Jersey's resource model spells it. */
    default String routeLabel(String template) {
        return template;
    }

    /** Called once swagger-core has read every resource into {@code api}. */
    default void document(OpenAPI api) {
    }
}
