package io.irisapi.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.irisapi.codec.JsonErrors;
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
import java.util.concurrent.ThreadLocalRandom;

/**
 * The application's one exception mapper: whatever a resource or filter throws becomes one {@link RejectedException}
 * (as it is; Jersey's own 404, 405 with its Allow, 406 and 415; a JSON body that could not be bound; anything else a
 * logged 500 that names its log entry, never a stack trace) and is rendered once, in the shape of the route's
 * protocol.
 */
public class ErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private final ErrorRenderer renderer;

    @Context
    private ExtendedUriInfo uriInfo;

    @Context
    private Request request;

    public ErrorMapper(ErrorRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof WebApplicationException web
                && web.getResponse().getStatusInfo().getFamily() == Response.Status.Family.REDIRECTION) {
            return web.getResponse();
        }
        return renderer.render(rejection(e), uriInfo.getPath());
    }

    private RejectedException rejection(Throwable e) {
        if (e instanceof RejectedException rejected) {
            return rejected;
        }
        if (e instanceof JsonProcessingException json) {
            return JsonErrors.rejected(json);
        }
        if (e instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            return fromJersey(web);
        }
        long id = ThreadLocalRandom.current().nextLong();
        LOG.error(String.format("Error handling a request: %016x", id), e);
        int status = e instanceof WebApplicationException web ? web.getResponse().getStatus() : 500;
        return new RejectedException(status, null, String.format(
                "There was an error processing your request. It has been logged (ID %016x).", id));
    }

    private RejectedException fromJersey(WebApplicationException e) {
        Response original = e.getResponse();
        String message = e instanceof NotSupportedException ? unsupported() : e.getMessage();
        RejectedException error = new RejectedException(original.getStatus(), null, message);
        original.getStringHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                error.withHeader(name, String.join(", ", values));
            }
        });
        return error;
    }

    /** A 415 says which content types the route takes, read from Jersey's model of the resource the path matched. */
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
                : "this content type is not accepted here; send " + String.join(" or ", accepted);
    }
}
