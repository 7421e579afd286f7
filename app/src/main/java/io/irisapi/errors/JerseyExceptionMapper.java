package io.irisapi.errors;

import io.irisapi.core.RejectedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.server.model.RuntimeResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Jersey's own errors (no route 404, 405 with its Allow, 406, 415, a path parameter it cannot convert) as the one
 * error type, rendered like every other; a 415 says which content types the route takes, read from Jersey's model of
 * the resource the path matched.
 */
public class JerseyExceptionMapper implements ExceptionMapper<WebApplicationException> {
    private static final Logger LOG = LoggerFactory.getLogger(JerseyExceptionMapper.class);

    private final ErrorRenderer renderer;

    @Context
    private ExtendedUriInfo uriInfo;

    @Context
    private Request request;

    public JerseyExceptionMapper(ErrorRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        if (original.getStatusInfo().getFamily() == Response.Status.Family.REDIRECTION) {
            return original;
        }
        if (original.getStatus() >= 500) {
            LOG.error("Error handling a request", e);
        }
        String message = e instanceof NotSupportedException ? unsupported() : e.getMessage();
        RejectedException error = new RejectedException(original.getStatus(), null, message);
        original.getStringHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                error.withHeader(name, String.join(", ", values));
            }
        });
        return renderer.render(error, uriInfo.getPath());
    }

    private String unsupported() {
        Set<String> accepted = new TreeSet<>();
        for (RuntimeResource runtime : uriInfo.getMatchedRuntimeResources()) {
            for (Resource resource : runtime.getResources()) {
                for (ResourceMethod method : resource.getResourceMethods()) {
                    if (method.getHttpMethod().equals(request.getMethod())) {
                        method.getConsumedTypes().forEach(type -> accepted.add(type.toString()));
                    }
                }
            }
        }
        return accepted.isEmpty() ? "this content type is not accepted here"
                : "this content type is not accepted here; send " + accepted.stream().collect(Collectors.joining(" or "));
    }
}
