package io.irisapi.filter;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.irisapi.api.IrisFeatures;
import io.irisapi.api.PredictionResponse;
import io.irisapi.auth.ApiKeyAuthFilter;
import io.irisapi.auth.ApiKeys;
import io.irisapi.core.Scorer;
import io.irisapi.resources.ModelVersionHeader;
import io.irisapi.resources.PredictResource;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;
import java.io.InputStream;
import java.util.Enumeration;

/**
 * Answers a single-row {@code POST /predict} that will succeed without going through Jersey: its routing, request
 * scope, filters and entity providers took about 60% of such a request's CPU samples (JFR, docs/benchmarks.md).
 * Every other request, and every one of these that would not get a 200 (a key missing or wrong, another media type,
 * a body that does not parse or check, no model yet), goes on to {@link PredictResource} with its body as it came,
 * so that every error has one implementation. The answer is the resource's ({@link PredictResource#predictOne}),
 * written by the application's ObjectMapper with the same headers and counted by the resource's timer; Jersey's
 * per-phase timers ({@code predict.total}, ...) count only the requests Jersey serves.
 */
public class PredictFastPath implements Filter {
    /** A row is about 80 bytes; bodies past this (padding, long numbers) go to the resource, which streams them. */
    private static final long MAX_BODY = 4096;

    private final Scorer scorer;
    private final ApiKeys keys;
    private final long maxBodySize;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final Timer timer;

    public PredictFastPath(Scorer scorer, ApiKeys keys, long maxBodySize, ObjectMapper mapper, MetricRegistry metrics) {
        this.scorer = scorer;
        this.keys = keys;
        this.maxBodySize = Math.min(maxBodySize, MAX_BODY);
        // As Jackson's JAX-RS provider reads (its READ_FULL_STREAM, on by default): nothing may follow the object.
        this.reader = mapper.readerFor(IrisFeatures.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.writer = mapper.writerFor(PredictionResponse.class);
        // @Timed(name = "predict") on the resource method: the same timer counts the requests answered here.
        this.timer = metrics.timer(MetricRegistry.name(PredictResource.class, "predict"));
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (!eligible(request)) {
            chain.doFilter(req, res);
            return;
        }
        byte[] body = new byte[(int) request.getContentLengthLong()];
        int read = 0;
        InputStream in = request.getInputStream();
        try {
            for (int n; read < body.length && (n = in.read(body, read, body.length - read)) >= 0; ) {
                read += n;
            }
        } catch (IOException e) {
            chain.doFilter(new ReplayedBody(request, body, read, e), res);
            return;
        }
        PredictionResponse answer = read == body.length ? answer(body) : null;
        if (answer == null) {
            chain.doFilter(new ReplayedBody(request, body, read, null), res);
            return;
        }
        byte[] json = writer.writeValueAsBytes(answer);
        HttpServletResponse response = (HttpServletResponse) res;
        response.setHeader(ModelVersionHeader.NAME, answer.modelVersion());
        response.setContentType(MediaType.APPLICATION_JSON);
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    /** What PredictResource would answer 200 to, as far as the headers tell: the body is read next. */
    private boolean eligible(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return HttpMethod.POST.equals(request.getMethod())
                && length > 0 && length <= maxBodySize
                // The header as sent: Jetty's getContentType() throws on a charset it does not know.
                && MediaType.APPLICATION_JSON.equalsIgnoreCase(single(request, HttpHeaders.CONTENT_TYPE))
                && (accept == null || accept.equals(MediaType.WILDCARD) || accept.equals(MediaType.APPLICATION_JSON))
                && request.getHeader(HttpHeaders.CONTENT_ENCODING) == null
                && validKey(single(request, ApiKeyAuthFilter.HEADER));
    }

    private boolean validKey(String key) {
        return key != null && keys.match(key).isPresent();
    }

    /** A header's value if it came once: Jersey refuses two Content-Types and joins two keys into no valid key. */
    private static String single(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (!values.hasMoreElements()) {
            return null;
        }
        String value = values.nextElement();
        return values.hasMoreElements() ? null : value;
    }

    /** The resource's answer, or null where it would answer an error. */
    private PredictionResponse answer(byte[] body) {
        if (Utf8JsonFilter.looksLikeUtf16Or32(body, body.length)) {
            return null;
        }
        try (JsonParser parser = reader.createParser(body)) {
            IrisFeatures features = reader.readValue(parser);
            if (features == null) {
                return null;
            }
            Timer.Context timing = timer.time();
            PredictionResponse answer = PredictResource.predictOne(scorer, features);
            timing.stop(); // answers only: a request that fails here is timed by the resource it goes on to
            return answer;
        } catch (IOException | RuntimeException e) {
            return null; // PredictResource reads the body again and answers the error
        }
    }

    /** The request with the bytes already read from its body, then what reading it further gave: its end or e. */
    private static final class ReplayedBody extends HttpServletRequestWrapper {
        private final ServletInputStream in;

        ReplayedBody(HttpServletRequest request, byte[] body, int length, IOException e) {
            super(request);
            this.in = new ServletInputStream() {
                private int position;

                @Override
                public int read() throws IOException {
                    if (position < length) {
                        return body[position++] & 0xFF;
                    }
                    if (e != null) {
                        throw e;
                    }
                    return -1;
                }

                @Override
                public int read(byte[] buffer, int offset, int count) throws IOException {
                    if (count == 0) {
                        return 0;
                    }
                    if (position == length) {
                        return read();
                    }
                    int n = Math.min(count, length - position);
                    System.arraycopy(body, position, buffer, offset, n);
                    position += n;
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return position == length && e == null;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body was read already; it is replayed blocking");
                }
            };
        }

        @Override
        public ServletInputStream getInputStream() {
            return in;
        }
    }
}
