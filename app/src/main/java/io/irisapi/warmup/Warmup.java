package io.irisapi.warmup;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import io.irisapi.auth.WarmupKey;
import io.irisapi.core.ModelManager;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Before the service reports ready ({@link WarmupHealthCheck}), it sends itself prediction requests for a while,
 * over loopback to its own API port, so that the JIT compiles the request path before clients arrive, not under
 * their load. The requests take every step a client's takes (HTTP, the key check, the codecs, scoring, metrics)
 * with a key made for them ({@link WarmupKey}), revoked before ready; their metrics are not the clients'.
 * What was sent is counted by route and status in Dropwizard's registry ({@code warmup.<route>.<status>}).
 */
public final class Warmup implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

    private final WarmupSettings settings;
    private final ModelManager models;
    private final WarmupKey key;
    private final MetricRegistry metrics;
    private final int maxBatchRows;
    private volatile boolean done;
    private volatile String summary = "waiting for the API port";
    private volatile Thread runner;

    public Warmup(WarmupSettings settings, ModelManager models, WarmupKey key, MetricRegistry metrics,
                  int maxBatchRows) {
        this.settings = settings;
        this.models = models;
        this.key = key;
        this.metrics = metrics;
        this.maxBatchRows = maxBatchRows;
        if (!settings.isEnabled()) {
            done = true;
            summary = "warm-up off (WARMUP=false)";
        }
    }

    /** Starts once Jetty serves: a server lifecycle listener. */
    public void serverStarted(Server server) {
        if (done) {
            return;
        }
        InetSocketAddress address = apiPort(server);
        runner = new Thread(() -> run(address), "warmup");
        runner.setDaemon(true);
        runner.start();
    }

    @Override
    public void stop() {
        Thread thread = runner;
        if (thread != null) {
            thread.interrupt();
        }
    }

    boolean isDone() {
        return done;
    }

    String summary() {
        return summary;
    }

    private static InetSocketAddress apiPort(Server server) {
        ServerConnector connector = Arrays.stream(server.getConnectors())
                .filter(c -> "application".equals(c.getName()))
                .map(ServerConnector.class::cast)
                .findFirst().orElseThrow(() -> new IllegalStateException("no application connector"));
        // Bound to every interface (no host set): loopback is one of them.
        String host = connector.getHost() == null || connector.getHost().isBlank()
                || connector.getHost().equals("0.0.0.0") ? "127.0.0.1" : connector.getHost();
        return new InetSocketAddress(host, connector.getLocalPort());
    }

    private void run(InetSocketAddress address) {
        try {
            summary = "waiting for a model";
            while (models.current().isEmpty()) {
                Thread.sleep(50);
            }
            summary = "warming up";
            long start = System.nanoTime();
            String host = address.getHostString() + ":" + address.getPort();
            Map<String, Long> sent = send(address, WarmupRequests.build(host, key.issue(), maxBatchRows),
                    start + settings.getDuration().toNanoseconds());
            summary = String.format("warmed up: %s in %.1f s", sent, (System.nanoTime() - start) / 1e9);
            LOG.info("{}", summary);
        } catch (InterruptedException e) {
            summary = "warm-up interrupted";
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Not warm is slower, not broken: the service still becomes ready.
            summary = "warm-up failed: " + e;
            LOG.warn("Warm-up failed; the service turns ready without it", e);
        } finally {
            key.revoke();
            done = true;
        }
    }

    /** Closed loop: a few connections, each sending the next request once the last is answered, until the deadline. */
    private Map<String, Long> send(InetSocketAddress address, List<WarmupRequests.Call> calls, long deadline)
            throws InterruptedException {
        int connections = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        Thread[] senders = new Thread[connections];
        for (int s = 0; s < connections; s++) {
            int first = s * calls.size() / connections;
            senders[s] = new Thread(() -> {
                try (LoopbackConnection connection = new LoopbackConnection(address)) {
                    for (int i = first; System.nanoTime() < deadline && !Thread.currentThread().isInterrupted(); i++) {
                        WarmupRequests.Call call = calls.get(i % calls.size());
                        metrics.counter(MetricRegistry.name("warmup", call.route(), status(connection, call))).inc();
                    }
                }
            }, "warmup-" + s);
            senders[s].setDaemon(true);
            senders[s].start();
        }
        try {
            for (Thread sender : senders) {
                sender.join();
            }
        } finally {
            Arrays.stream(senders).forEach(Thread::interrupt);
        }
        Map<String, Long> sent = new TreeMap<>();
        metrics.getCounters((name, metric) -> name.startsWith("warmup."))
                .forEach((name, counter) -> sent.put(name.substring("warmup.".length()), counter.getCount()));
        return sent;
    }

    private static String status(LoopbackConnection connection, WarmupRequests.Call call) {
        try {
            return Integer.toString(connection.send(call.request()));
        } catch (IOException | RuntimeException e) {
            return "error";
        }
    }
}
