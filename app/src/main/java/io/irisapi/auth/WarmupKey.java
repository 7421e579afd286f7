package io.irisapi.auth;

import java.util.Optional;

/**
 * The key of the service's own warm-up traffic: made inside the process, never logged, valid only from
 * {@link #issue} to {@link #revoke}. A request authenticated with it is marked, on its thread until
 * {@link #endRequest} and as a request attribute ({@link #ATTRIBUTE}, for the request log, which comes after), so
 * that what counts client traffic (request and prediction metrics, drift) records it elsewhere: the same code runs,
 * its figures are not the clients'.
 */
public final class WarmupKey {
    /** The request attribute that marks a warm-up request. */
    public static final String ATTRIBUTE = "io.irisapi.warmup";

    static final ApiClient CLIENT = new ApiClient("warmup");

    /** One flag per request thread, set and cleared in place: cheaper per request than setting and removing. */
    private static final ThreadLocal<boolean[]> MARK = ThreadLocal.withInitial(() -> new boolean[1]);

    private volatile ApiKeys keys;

    /** A new random key, valid until {@link #revoke}. */
    public String issue() {
        String key = ApiKeys.generate();
        keys = ApiKeys.parse(key);
        return key;
    }

    public void revoke() {
        keys = null;
    }

    /** The warm-up client if {@code candidate} is the key issued and not revoked; marks the request if so. */
    Optional<ApiClient> match(String candidate) {
        ApiKeys current = keys;
        if (current == null || current.match(candidate).isEmpty()) {
            return Optional.empty();
        }
        MARK.get()[0] = true;
        return Optional.of(CLIENT);
    }

    /** Whether the request on this thread came with the warm-up key. */
    public static boolean isWarmupRequest() {
        return MARK.get()[0];
    }

    /** Called once a request on this thread has been answered: whether it was warm-up traffic; clears the mark. */
    public static boolean endRequest() {
        boolean[] mark = MARK.get();
        boolean warmup = mark[0];
        mark[0] = false;
        return warmup;
    }
}
