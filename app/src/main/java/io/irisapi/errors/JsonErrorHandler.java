package io.irisapi.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irisapi.core.RejectedException;
import io.irisapi.protocol.ErrorShape;
import io.irisapi.protocol.Routes;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Errors that Jetty answers itself, before a request reaches Jersey (an unacceptable path, a header too large, a
 * malformed request line, a method the server does not take), get a JSON body in the shape of the route's protocol
 * ({@link Routes#errorShape}) instead of Jetty's HTML page, whatever the method: Jetty writes a body only for GET,
 * POST and HEAD otherwise, and TRACE, OPTIONS * or an unknown method got an empty one.
 */
public class JsonErrorHandler extends ErrorHandler {
    private final ObjectMapper mapper;
    private final Routes routes;

    public JsonErrorHandler(ObjectMapper mapper, Routes routes) {
        this.mapper = mapper;
        this.routes = routes;
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    /** JSON whatever the client accepts: Jetty's own writer then calls {@link #writeErrorJson}. */
    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                 String contentType, List<Charset> charsets, int code, String message,
                                                 Throwable cause) throws IOException {
        String path = request.getHttpURI().getPath();
        String allow = code == HttpStatus.METHOD_NOT_ALLOWED_405 && path != null ? routes.allowedMethods(path) : null;
        if (allow != null && !response.getHeaders().contains(HttpHeader.ALLOW)) {
            response.getHeaders().put(HttpHeader.ALLOW, allow);
        }
        return super.generateAcceptableResponse(request, response, callback, "application/json", charsets, code,
                message, cause);
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
        // Jetty's own errors are never 422, the one status a protocol's shape changes.
        String path = request.getHttpURI().getPath();
        ErrorShape shape = routes.errorShape(path == null ? "" : path);
        writer.write(new String(body(shape, code, message), StandardCharsets.UTF_8));
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(routes.fallbackShape(), status, reason)); // no request line to take a route from
    }

    private byte[] body(ErrorShape shape, int code, String message) {
        String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        try {
            return mapper.writeValueAsBytes(shape.body(new RejectedException(code, null, text)));
        } catch (IOException e) {
            return ("{\"code\":" + code + "}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
