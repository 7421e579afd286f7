package io.irisapi.auth;

import com.codahale.metrics.Meter;
import io.dropwizard.auth.AuthFilter;
import io.irisapi.core.RejectedException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Authenticates the {@code X-API-Key} header against the keys, or, while the service warms up, its own
 * {@link WarmupKey}; every failure, whatever its cause, gets the same 401, which never says
 * whether the key was missing or wrong, never echoes it, and takes the shape of the route's protocol.
 */
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyAuthFilter extends AuthFilter<String, ApiClient> {
    public static final String HEADER = "X-API-Key";
    static final String MESSAGE = "missing or invalid API key: send a valid key in the X-API-Key header";

    private final Meter failures;

    public ApiKeyAuthFilter(ApiKeys keys, WarmupKey warmup, Meter failures) {
        this.failures = failures;
        this.authenticator = candidate -> warmup.match(candidate).or(() -> keys.match(candidate));
        this.realm = "iris-api";
        this.prefix = "ApiKey";
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String key = request.getHeaderString(HEADER);
        if (key == null || !authenticate(request, key, "API_KEY")) {
            failures.mark();
            throw new RejectedException(401, null, MESSAGE)
                    .withHeader(HttpHeaders.WWW_AUTHENTICATE, prefix + " realm=\"" + realm + "\"");
        }
        if (WarmupKey.isWarmupRequest()) {
            request.setProperty(WarmupKey.ATTRIBUTE, Boolean.TRUE);
        }
    }
}
