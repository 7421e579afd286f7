package io.irisapi.filter;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Keeps, for the thread answering a request, the key a canary splits requests by: the client's X-Canary-Key, else
 * the request's id (after {@link RequestIdFilter}). The key is only hashed, never echoed or logged. Installed only
 * in canary mode.
 */
public final class CanaryKeyFilter implements Filter {
    public static final String HEADER = "X-Canary-Key";

    private static final ThreadLocal<String> KEY = new ThreadLocal<>();

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        String given = ((HttpServletRequest) req).getHeader(HEADER);
        KEY.set(given != null && !given.isEmpty() ? given
                : ((HttpServletResponse) res).getHeader(RequestIdFilter.HEADER));
        try {
            chain.doFilter(req, res);
        } finally {
            KEY.remove();
        }
    }

    /** The key of the request on this thread; null outside one. */
    public static String current() {
        return KEY.get();
    }
}
