package io.irisapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.irisapi.protocol.ServingApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests as no well-behaved client library sends them, written byte for byte on a socket: lengths past an int,
 * bodies that lie about their coding, methods Jetty answers itself, a connection reused after an early refusal.
 * Every answer is a 4xx with a JSON body in the shape of its route's protocol.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RawHttpTest {
    static final DropwizardAppExtension<IrisConfiguration> APP = ServingApp.extension();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ROW = "{\"sepal_length\":5.1,\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2}";
    /** Each POST route with a body it would take. */
    static final Map<String, String> POSTS = Map.of(
            "/predict", ROW,
            "/predict/batch", "{\"instances\":[" + ROW + "]}",
            "/invocations", "{\"dataframe_records\":[" + ROW + "]}",
            "/v2/models/iris/infer", "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP32\","
                    + "\"data\":[5.1,3.5,1.4,0.2]}]}",
            "/v1/models/iris:predict", "{\"instances\":[[5.1,3.5,1.4,0.2]]}");

    record Answer(int status, Map<String, String> headers, String body) {
        JsonNode json() throws IOException {
            assertThat(headers.get("content-type")).as(body).startsWith("application/json");
            return JSON.readTree(body);
        }
    }

    @BeforeAll
    static void model() throws InterruptedException {
        ServingApp.awaitModel(APP);
    }

    @Test
    void aContentLengthPastAnIntIsTooLargeOnEveryPostRoute() throws IOException {
        for (String path : POSTS.keySet()) {
            for (String length : List.of("2147483648", "9223372036854775807")) {
                Answer answer = send(head("POST", path, "Content-Type: application/json", "Content-Length: " + length),
                        new byte[0]).get(0);
                assertThat(answer.status()).as(path + " " + length).isEqualTo(413);
                assertShape(path, answer);
            }
        }
    }

    @Test
    void aBodyThatIsNotTheGzipItSaysIsA400OnEveryPostRoute() throws IOException {
        for (Map.Entry<String, String> route : POSTS.entrySet()) {
            Answer answer = sendCoded(route, "gzip");
            assertThat(answer.status()).as(route.getKey()).isEqualTo(400);
            assertThat(answer.json().toString()).contains("not valid gzip");
            assertShape(route.getKey(), answer);
        }
    }

    @Test
    void aMissingKeyIsA401InTheShapeOfEveryPostRoute() throws IOException {
        for (Map.Entry<String, String> route : POSTS.entrySet()) {
            byte[] body = route.getValue().getBytes(StandardCharsets.UTF_8);
            Answer answer = send(head("POST", route.getKey(), "Content-Type: application/json",
                    "Content-Length: " + body.length), body).get(0);
            assertThat(answer.status()).as(route.getKey()).isEqualTo(401);
            assertThat(answer.headers().get("www-authenticate")).as(route.getKey()).startsWith("ApiKey");
            assertThat(answer.body()).as(route.getKey()).contains("X-API-Key");
            assertShape(route.getKey(), answer);
        }
    }

    /** Past the body limits (64 KiB, 8 KiB for batches here), whatever the route, before the body is read. */
    @Test
    void aBodyOverTheLimitIsA413InTheShapeOfEveryPostRoute() throws IOException {
        byte[] body = ("{\"padding\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (String path : POSTS.keySet()) {
            Answer answer = send(head("POST", path, "Content-Type: application/json", "X-API-Key: " + ServingApp.KEY,
                    "Content-Length: " + body.length), body).get(0);
            assertThat(answer.status()).as(path).isEqualTo(413);
            assertThat(answer.body()).as(path).contains("request body is larger than");
            assertShape(path, answer);
        }
    }

    /** The protocol's binary extension, announced by a header, is refused with what to send instead. */
    @Test
    void binaryTensorsAreRefusedWithAdviceOnV2() throws IOException {
        String path = "/v2/models/iris/infer";
        byte[] body = (POSTS.get(path) + "\u0001\u0002").getBytes(StandardCharsets.UTF_8);
        Answer answer = send(head("POST", path, "Content-Type: application/octet-stream",
                "X-API-Key: " + ServingApp.KEY, "Inference-Header-Content-Length: 120",
                "Content-Length: " + body.length), body).get(0);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("binary_data=False");
        assertShape(path, answer);
    }

    /** tritonclient sends its JSON without a Content-Type. */
    @Test
    void anUntypedBodyIsJsonOnV2() throws IOException {
        String path = "/v2/models/iris/infer";
        byte[] body = POSTS.get(path).getBytes(StandardCharsets.UTF_8);
        Answer answer = send(head("POST", path, "X-API-Key: " + ServingApp.KEY, "Content-Length: " + body.length),
                body).get(0);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"setosa\"");
    }

    /** The route's plain JSON body, keyed, saying it is in {@code coding}. */
    private static Answer sendCoded(Map.Entry<String, String> route, String coding) throws IOException {
        byte[] body = route.getValue().getBytes(StandardCharsets.UTF_8);
        return send(head("POST", route.getKey(), "Content-Type: application/json", "X-API-Key: " + ServingApp.KEY,
                "Content-Encoding: " + coding, "Content-Length: " + body.length), body).get(0);
    }

    @Test
    void aContentCodingNothingDecodesIsUnsupported() throws IOException {
        for (Map.Entry<String, String> route : POSTS.entrySet()) {
            Answer answer = sendCoded(route, "br");
            assertThat(answer.status()).as(route.getKey()).isEqualTo(415);
            assertThat(answer.headers()).containsEntry("accept-encoding", "gzip, identity");
            assertShape(route.getKey(), answer);
        }
    }

    @Test
    void overlongUtf8InAFieldNameIsMalformed() throws IOException {
        // 0xC1 0xA8 is an overlong 'h': decoded leniently, the field would be sepal_length.
        byte[] name = {'s', 'e', 'p', 'a', 'l', '_', 'l', 'e', 'n', 'g', 't', (byte) 0xC1, (byte) 0xA8};
        String rest = "\":5.1,\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2}";
        for (String path : List.of("/predict", "/predict/batch", "/invocations")) {
            String before = switch (path) {
                case "/predict" -> "{\"";
                case "/predict/batch" -> "{\"instances\":[{\"";
                default -> "{\"dataframe_records\":[{\"";
            };
            String after = path.equals("/predict") ? rest : rest + "]}";
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(before.getBytes(StandardCharsets.UTF_8));
            body.writeBytes(name);
            body.writeBytes(after.getBytes(StandardCharsets.UTF_8));
            Answer answer = send(head("POST", path, "Content-Type: application/json", "X-API-Key: " + ServingApp.KEY,
                    "Content-Length: " + body.size()), body.toByteArray()).get(0);
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.body()).contains("not well-formed UTF-8");
        }
    }

    /** A refusal sent before the body was read must leave the connection usable, or say that it is closing. */
    @ParameterizedTest
    @ValueSource(strings = {"no key", "unsupported type", "unknown path"})
    void theConnectionOutlivesAnEarlyRefusal(String refusal) throws IOException, InterruptedException {
        byte[] body = ROW.getBytes(StandardCharsets.UTF_8);
        List<String> headers = new ArrayList<>(List.of("Content-Length: " + body.length));
        headers.add(refusal.equals("unsupported type") ? "Content-Type: text/plain" : "Content-Type: application/json");
        if (!refusal.equals("no key")) {
            headers.add("X-API-Key: " + ServingApp.KEY);
        }
        String path = refusal.equals("unknown path") ? "/v2/nothing" : "/predict";
        try (Socket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            out.write(head("POST", path, headers.toArray(String[]::new)).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(200); // the body comes after the headers, as over a real network
            out.write(body);
            out.write(head("GET", "/health").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            Answer first = read(in);
            assertThat(first.status()).isBetween(400, 499);
            if ("close".equalsIgnoreCase(first.headers().get("connection"))) {
                return; // said so: the client opens another connection
            }
            Answer second = read(in);
            assertThat(second.status()).as("the next request on the same connection").isEqualTo(200);
        }
    }

    @Test
    void traceIsRefusedWithAllowAndAJsonBody() throws IOException {
        Answer predict = send(head("TRACE", "/predict"), new byte[0]).get(0);
        assertThat(predict.status()).isEqualTo(405);
        assertThat(predict.headers().get("allow")).isEqualTo("OPTIONS, POST");
        assertThat(predict.json().get("code").asInt()).isEqualTo(405);

        Answer v2 = send(head("TRACE", "/v2/health/live"), new byte[0]).get(0);
        assertThat(v2.headers().get("allow")).isEqualTo("GET, HEAD, OPTIONS");
        assertThat(v2.json().get("error").asText()).isNotBlank();
    }

    @Test
    void methodsAndTargetsJettyAnswersGetJsonBodies() throws IOException {
        for (String request : List.of(head("get", "/health"), head("FOO", "/predict"), head("OPTIONS", "*"),
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")) {
            Answer answer = send(request, new byte[0]).get(0);
            assertThat(answer.status()).as(request).isBetween(400, 499);
            assertThat(answer.json().has("code") || answer.json().has("message")).as(answer.body()).isTrue();
        }
        Answer v1 = send(head("FOO", "/v1/models/iris"), new byte[0]).get(0);
        assertShape("/v1/models/iris", v1);
    }

    @Test
    void protocolRoutesAnswerJettysAndJerseysOwnErrorsInTheirShape() throws IOException {
        for (String path : List.of("/v2/models/ir%01is", "/v1/models/ir%01is", "/v2/models/ir%01is/infer")) {
            Answer answer = send(head("GET", path), new byte[0]).get(0);
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertShape(path, answer);
        }
        for (String path : List.of("/invocations", "/v2/models/iris/infer")) {
            byte[] body = POSTS.get(path).getBytes(StandardCharsets.UTF_8);
            Answer answer = send(head("POST", path, "Content-Type: ", "X-API-Key: " + ServingApp.KEY,
                    "Content-Length: " + body.length), body).get(0);
            assertThat(answer.status()).as(path).isBetween(400, 499);
            assertShape(path, answer);
        }
    }

    /** The error body each family of routes promises: MLflow's, KServe's, or the service's own. */
    static void assertShape(String path, Answer answer) throws IOException {
        JsonNode body = answer.json();
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        if (path.startsWith("/v2") || path.startsWith("/v1")) {
            assertThat(fields).as(answer.body()).containsExactly("error");
        } else if (path.startsWith("/invocations")) {
            assertThat(fields).as(answer.body()).containsExactly("error_code", "message");
        } else {
            assertThat(fields).as(answer.body()).contains("code", "message").doesNotContain("error");
        }
    }

    static String head(String method, String target, String... headers) {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** One request on a new connection; the answers read until the server closes it or one says close. */
    static List<Answer> send(String head, byte[] body) throws IOException {
        try (Socket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return List.of(read(socket.getInputStream()));
        }
    }

    static Socket socket() throws IOException {
        Socket socket = new Socket("127.0.0.1", APP.getLocalPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** One HTTP/1.1 response with a Content-Length body (every answer here has one). */
    static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        assertThat(statusLine).as("a response").startsWith("HTTP/1.1 ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed mid-response: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
