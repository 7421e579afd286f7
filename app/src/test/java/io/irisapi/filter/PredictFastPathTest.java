package io.irisapi.filter;

import com.codahale.metrics.Timer;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.irisapi.IrisApplication;
import io.irisapi.IrisConfiguration;
import io.irisapi.resources.ModelVersionHeader;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path answers exactly what PredictResource answers. A Content-Type with an explicit UTF-8 charset is one
 * the resource accepts and the fast path leaves to it, so each request is sent both ways and the answers compared;
 * Jersey's own "total" timer, which the fast path does not touch, tells which way each one went.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PredictFastPathTest {
    static final String KEY = "fast-path-test-key";
    static final MediaType FAST = MediaType.APPLICATION_JSON_TYPE;
    static final MediaType JERSEY = MediaType.valueOf("application/json; charset=utf-8");
    static final String SETOSA = "{\"sepal_length\":5.1,\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2}";

    static final DropwizardAppExtension<IrisConfiguration> APP = new DropwizardAppExtension<>(
            IrisApplication.class, IrisApplication.DEFAULT_CONFIG,
            ConfigOverride.randomPorts(),
            ConfigOverride.config("apiKeys", KEY),
            ConfigOverride.config("server.applicationConnectors[0].idleTimeout", "1s"),
            ConfigOverride.config("health.shutdownWaitPeriod", "0s"));

    @BeforeAll
    static void waitForModel() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (post(FAST, KEY, SETOSA).getStatus() == 503) {
            assertThat(System.currentTimeMillis()).as("model loaded within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void answersRowsByteForByteAsTheResource() throws InterruptedException {
        Random random = new Random(7);
        long jerseyBefore = settledJerseyServed();
        long timedBefore = timer("predict").getCount();
        for (int i = 0; i < 200; i++) {
            String row = randomRow(random);
            Response fast = post(FAST, KEY, row);
            Response jersey = post(JERSEY, KEY, row);

            assertThat(fast.getStatus()).as(row).isEqualTo(200);
            assertThat(fast.readEntity(String.class)).as(row).isEqualTo(jersey.readEntity(String.class));
            for (String header : List.of("Content-Type", "Content-Length", ModelVersionHeader.NAME)) {
                assertThat(fast.getHeaderString(header)).as(header).isEqualTo(jersey.getHeaderString(header));
            }
        }
        assertJerseyServed(jerseyBefore, 200);
        assertThat(timer("predict").getCount() - timedBefore).as("answers timed, each once").isEqualTo(400);
    }

    @Test
    void requestsThatFailAreTimedAsTheResourceTimesThem() throws InterruptedException {
        String invalid = SETOSA.replace("5.1", "-5.1");
        assertThat(timedOnce(FAST, invalid)).isEqualTo(timedOnce(JERSEY, invalid));
    }

    @Test
    void everyErrorIsTheResourcesWithTheBodyAsSent() throws InterruptedException {
        List<String> bodies = List.of(
                "", " ", "null", "[]", "{}", SETOSA.substring(0, 30), SETOSA + "x",
                SETOSA.replace("5.1", "-5.1"), SETOSA.replace("5.1", "NaN"), SETOSA.replace("5.1", "1e999"),
                SETOSA.replace("5.1", "\"5.1\""), SETOSA.replace("5.1", "9".repeat(100)),
                SETOSA.replace(",\"petal_width\":0.2", ""), SETOSA.replace("}", ",\"colour\":1}"),
                SETOSA.replace("}", ",\"sepal_length\":6}"), "[".repeat(100) + "]".repeat(100),
                "{\"sepal_length\u00e9\":5.1}", "\u0000{}");
        long jerseyBefore = settledJerseyServed();
        for (String body : bodies) {
            Response fast = post(FAST, KEY, body);
            Response jersey = post(JERSEY, KEY, body);

            assertThat(fast.getStatus()).as(body).isBetween(400, 499).isEqualTo(jersey.getStatus());
            assertThat(fast.readEntity(String.class)).as(body).isEqualTo(jersey.readEntity(String.class));
        }
        assertJerseyServed(jerseyBefore, 2 * bodies.size());
    }

    @Test
    void keysAreCheckedAsTheResourceChecksThem() throws InterruptedException {
        long jerseyBefore = settledJerseyServed();
        assertThat(post(FAST, null, SETOSA).getStatus()).isEqualTo(401);
        assertThat(post(FAST, "", SETOSA).getStatus()).isEqualTo(401);
        assertThat(post(FAST, KEY + "x", SETOSA).getStatus()).isEqualTo(401);
        assertThat(post(FAST, KEY.repeat(100), SETOSA).getStatus()).isEqualTo(401);
        assertJerseyServed(jerseyBefore, 4);
    }

    /** Jersey refuses these while routing, before the resource method and its timers. */
    @Test
    void otherMediaTypesAreTheResources() {
        for (String type : List.of("application/json; charset=x-nonsense", "application/json; charset=utf-16",
                "text/plain", "application/x-www-form-urlencoded")) {
            assertThat(post(MediaType.valueOf(type), KEY, SETOSA).getStatus()).as(type).isEqualTo(415);
        }
        Response xml = APP.client().target(url()).request(MediaType.APPLICATION_XML_TYPE).header("Connection", "close")
                .header("X-API-Key", KEY).post(Entity.entity(SETOSA, FAST));
        assertThat(xml.getStatus()).isEqualTo(406);
    }

    @Test
    void repeatedHeadersAreTheResources() throws IOException {
        String row = "Content-Length: " + SETOSA.length() + "\r\n\r\n" + SETOSA;
        assertThat(rawStatusLine("Content-Type: application/json\r\nContent-Type: application/json\r\n"
                + "X-API-Key: " + KEY + "\r\n" + row)).contains(" 400 ");
        assertThat(rawStatusLine("Content-Type: application/json\r\n"
                + "X-API-Key: " + KEY + "\r\nX-API-Key: " + KEY + "\r\n" + row)).contains(" 401 ");
    }

    /** A body that stops arriving: the bytes read so far and the timeout go on to the resource, which answers 408. */
    @Test
    void stalledBodyIsTheResources408() throws IOException {
        assertThat(rawStatusLine("Content-Type: application/json\r\nX-API-Key: " + KEY + "\r\n"
                + "Content-Length: 200\r\n\r\n" + SETOSA.substring(0, 20))).contains(" 408 ");
    }

    /** The status line of a POST /predict sent as it is written: headers from the client, repeated or unfinished. */
    private static String rawStatusLine(String headersAndBody) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
            socket.getOutputStream().write(("POST /predict HTTP/1.1\r\nHost: localhost\r\n" + headersAndBody)
                    .getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    /** Fields in a random order, from 1 to 10 cm, with from one to seventeen significant digits. */
    private static String randomRow(Random random) {
        List<String> fields = new ArrayList<>();
        for (String name : List.of("sepal_length", "sepal_width", "petal_length", "petal_width")) {
            double value = 1 + random.nextDouble() * 9;
            String text = random.nextBoolean() ? Double.toString(value)
                    : String.format(Locale.ROOT, "%." + random.nextInt(4) + "f", value);
            fields.add("\"" + name + "\":" + text);
        }
        Collections.shuffle(fields, random);
        return "{" + String.join(",", fields) + "}";
    }

    /** Jersey stops its "total" timer once the response is sent, so the last request may not have counted yet. */
    private static void assertJerseyServed(long before, int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (jerseyServed() - before < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(jerseyServed() - before).as("requests Jersey served").isEqualTo(expected);
    }

    /** What one request refused with 422 adds to the resource's timer, once Jersey has finished with it. */
    private static long timedOnce(MediaType type, String body) throws InterruptedException {
        long jerseyBefore = settledJerseyServed();
        long before = timer("predict").getCount();
        assertThat(post(type, KEY, body).getStatus()).isEqualTo(422);
        assertJerseyServed(jerseyBefore, 1);
        return timer("predict").getCount() - before;
    }

    /** Jersey's count once the requests of earlier tests have all finished (a 408 is counted after it is sent). */
    private static long settledJerseyServed() throws InterruptedException {
        long count = jerseyServed();
        for (long previous = -1; count != previous; count = jerseyServed()) {
            previous = count;
            Thread.sleep(100);
        }
        return count;
    }

    private static long jerseyServed() {
        return timer("predict.total").getCount();
    }

    private static Timer timer(String name) {
        return APP.getEnvironment().metrics().timer("io.irisapi.resources.PredictResource." + name);
    }

    private static String url() {
        return "http://127.0.0.1:" + APP.getLocalPort() + "/predict";
    }

    private static Response post(MediaType type, String key, String body) {
        // The client's default Accept is a list the fast path leaves to Jersey; curl, requests and Go send */* or none.
        // One connection per request: a connection the server closed after an error would fail the next request.
        var request = APP.client().target(url()).request(MediaType.APPLICATION_JSON_TYPE).header("Connection", "close");
        if (key != null) {
            request.header("X-API-Key", key);
        }
        // As bytes: the client would otherwise encode the text in the type's charset, or refuse one it does not know.
        Response response = request.post(Entity.entity(body.getBytes(StandardCharsets.UTF_8), type));
        response.bufferEntity();
        return response;
    }
}
