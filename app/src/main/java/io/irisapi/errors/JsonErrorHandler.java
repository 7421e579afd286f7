package io.irisapi.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irisapi.api.ApiError;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Errors that Jetty answers itself, before a request reaches Jersey (an unacceptable path, a header too large, a
 * malformed request line), get the same JSON body as the service's own errors instead of Jetty's HTML page.
 */
public class JsonErrorHandler extends ErrorHandler {
    private final ObjectMapper mapper;

    public JsonErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** JSON whatever the client accepts: Jetty's own writer then calls {@link #writeErrorJson}. */
    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                 String contentType, List<Charset> charsets, int code, String message,
                                                 Throwable cause) throws IOException {
        return super.generateAcceptableResponse(request, response, callback, "application/json", charsets, code,
                message, cause);
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
        writer.write(new String(body(code, message), StandardCharsets.UTF_8));
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    private byte[] body(int code, String message) {
        String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        try {
            return mapper.writeValueAsBytes(new ApiError(code, text, null));
        } catch (IOException e) {
            return ("{\"code\":" + code + "}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
