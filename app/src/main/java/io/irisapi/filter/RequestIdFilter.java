package io.irisapi.filter;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Accepts the caller's X-Request-Id (or makes one), echoes it, and puts it in the logging context. */
public class RequestIdFilter implements Filter {
    public static final String HEADER = "X-Request-Id";
    /** A caller's id is echoed and logged, so only a short, plain token is taken as it is. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        String given = ((HttpServletRequest) req).getHeader(HEADER);
        String id = given != null && SAFE.matcher(given).matches() ? given : newId();
        ((HttpServletResponse) res).setHeader(HEADER, id);
        MDC.put("requestId", id);
        try {
            chain.doFilter(req, res);
        } finally {
            MDC.remove("requestId");
        }
    }

    /**
     * A random (version 4) UUID from ThreadLocalRandom. An id only needs to be unique, not unpredictable, and
     * UUID.randomUUID() draws from one shared SecureRandom whose lock every request thread queued on under load
     * (JFR jdk.JavaMonitorEnter, see docs/benchmarks.md).
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
