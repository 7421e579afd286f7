package io.irisapi;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Past limits.maxConnections, the API port stops accepting until a connection closes; the admin port still answers.
 * The admin port has its own limit, limits.maxAdminConnections.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConnectionLimitTest {
    static final DropwizardAppExtension<IrisConfiguration> APP = new DropwizardAppExtension<>(
            IrisApplication.class, IrisApplication.DEFAULT_CONFIG,
            ConfigOverride.randomPorts(),
            ConfigOverride.config("apiKeys", "connection-limit-test-key"),
            ConfigOverride.config("limits.maxConnections", "2"),
            ConfigOverride.config("limits.maxAdminConnections", "2"),
            ConfigOverride.config("health.shutdownWaitPeriod", "0s"));
    static final String ALIVE = "/health-check?type=alive";

    @Test
    void waitingConnectionIsServedOnceAnotherCloses() throws IOException {
        assertLimitedToTwo(APP.getLocalPort(), ALIVE, APP.getAdminPort(), "/ping");
    }

    @Test
    void adminPortHasItsOwnLimit() throws IOException {
        assertLimitedToTwo(APP.getAdminPort(), "/ping", APP.getLocalPort(), ALIVE);
    }

    /** Two kept-alive connections fill the port; a third waits until one closes, while the other port answers. */
    private static void assertLimitedToTwo(int port, String path, int otherPort, String otherPath) throws IOException {
        try (Socket first = new Socket("127.0.0.1", port);
             Socket second = new Socket("127.0.0.1", port);
             Socket third = new Socket("127.0.0.1", port)) {
            assertThat(statusLine(first, 5_000, path)).contains(" 200 ");
            assertThat(statusLine(second, 5_000, path)).contains(" 200 ");

            // Both kept alive: the third is connected by the kernel but not taken by Jetty.
            assertThatThrownBy(() -> statusLine(third, 1_000, path)).isInstanceOf(SocketTimeoutException.class);
            try (Socket other = new Socket("127.0.0.1", otherPort)) {
                assertThat(statusLine(other, 5_000, otherPath)).contains(" 200 ");
            }

            first.close();
            assertThat(readStatusLine(third, 5_000)).contains(" 200 ");
        }
    }

    private static String statusLine(Socket socket, int timeoutMillis, String path) throws IOException {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return readStatusLine(socket, timeoutMillis);
    }

    private static String readStatusLine(Socket socket, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
}
