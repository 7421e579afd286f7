package io.irisapi.warmup;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Answers of every framing read to their end, so that the next request on the connection reads its own answer. */
class LoopbackConnectionTest {
    private static final List<String> ANSWERS = List.of(
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
            "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n10\r\n"
                    + "0123456789abcdef\r\n0\r\nTrailer: t\r\n\r\n",
            "HTTP/1.1 204 No Content\r\n\r\n",
            "HTTP/1.1 401 Unauthorized\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno");

    @Test
    void readsEachAnswerToItsEndAndReconnectsWhenClosed() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> serve(server, connections));
            byte[] request = LoopbackConnection.post("127.0.0.1", "/predict", "application/json", "k", "{}");
            try (LoopbackConnection connection = new LoopbackConnection(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()))) {
                int[] statuses = new int[5];
                for (int i = 0; i < statuses.length; i++) {
                    statuses[i] = connection.send(request);
                }
                assertThat(statuses).containsExactly(200, 503, 204, 401, 200);
            }
            serving.join();
            assertThat(connections).as("connections: one until the server closed it, then a new one").hasValue(2);
        }
    }

    /** Answers the requests of one connection in turn; after the one that closes, the first on the next. */
    private static void serve(ServerSocket server, AtomicInteger connections) {
        int answered = 0;
        try {
            while (answered < ANSWERS.size() + 1) {
                try (Socket socket = server.accept()) {
                    connections.incrementAndGet();
                    BufferedReader in = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                    OutputStream out = socket.getOutputStream();
                    boolean open = true;
                    while (open && answered < ANSWERS.size() + 1) {
                        String header;
                        do {
                            header = in.readLine(); // the request line and headers, up to the blank line
                        } while (!header.isEmpty());
                        in.read(new char[2]); // the body, "{}"
                        String answer = ANSWERS.get(answered % ANSWERS.size());
                        out.write(answer.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        answered++;
                        open = !answer.contains("Connection: close");
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
