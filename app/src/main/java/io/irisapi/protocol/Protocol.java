package io.irisapi.protocol;

import io.irisapi.errors.ErrorRenderer;
import io.irisapi.errors.ErrorShape;
import io.swagger.v3.oas.models.OpenAPI;

import java.util.List;
import java.util.Set;

/**
 * A protocol the service speaks, as a plug-in over the one scorer and codec: its Jersey components (resources and
 * the filters only its routes need), its error shape, and what it adds to the OpenAPI document beyond what
 * swagger-core reads from its resources' annotations.
 */
public interface Protocol {
    List<Object> components();

    ErrorShape errors();

    /**
     * The renderer of every error, asking the protocols in order whether a route is theirs; the last one (the
     * service's own API) answers for every route no serving protocol claims.
     */
    static ErrorRenderer errors(List<Protocol> protocols) {
        return new ErrorRenderer(protocols.stream().map(Protocol::errors).toList(),
                protocols.get(protocols.size() - 1).errors());
    }

    /** Its routes that answer without a model loaded; every other one may answer 503 until one is. */
    default Set<String> routesWithoutModel() {
        return Set.of();
    }

    /** Called once swagger-core has read every resource into {@code api}. */
    default void document(OpenAPI api) {
    }
}
