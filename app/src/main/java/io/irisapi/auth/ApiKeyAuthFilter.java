package io.irisapi.auth;

import com.codahale.metrics.Meter;
import io.dropwizard.auth.AuthFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;

/** Authenticates the {@code X-API-Key} header; every failure, whatever its cause, gets the same 401. */
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyAuthFilter extends AuthFilter<String, ApiClient> {
    public static final String HEADER = "X-API-Key";

    private final Meter failures;

    public ApiKeyAuthFilter(ApiKeys keys, Meter failures) {
        this.failures = failures;
        this.authenticator = keys::match;
        this.realm = "iris-api";
        this.prefix = "ApiKey";
        this.unauthorizedHandler = new JsonUnauthorizedHandler();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String key = request.getHeaderString(HEADER);
        if (key == null || !authenticate(request, key, "API_KEY")) {
            failures.mark();
            throw new WebApplicationException(unauthorizedHandler.buildResponse(prefix, realm));
        }
    }
}
