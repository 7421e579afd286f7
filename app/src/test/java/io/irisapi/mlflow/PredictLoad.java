package io.irisapi.mlflow;

import io.irisapi.testing.ServiceProcess;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.irisapi.testing.ServiceProcess.KEY;
import static io.irisapi.testing.ServiceProcess.SETOSA;

/**
 * Concurrent POST /predict requests against a service while something changes under it (a hot reload, MLflow
 * stopping). Bounded in count and time; records every failure and which model versions answered.
 */
final class PredictLoad implements AutoCloseable {
    private static final int THREADS = 4;
    private static final int MAX_REQUESTS = 50_000;
    private static final long MAX_MILLIS = TimeUnit.MINUTES.toMillis(4);

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger requests = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();

    PredictLoad(ServiceProcess service) {
        long deadline = System.currentTimeMillis() + MAX_MILLIS;
        for (int i = 0; i < THREADS; i++) {
            Thread thread = new Thread(() -> {
                while (running.get() && requests.incrementAndGet() <= MAX_REQUESTS
                        && System.currentTimeMillis() < deadline) {
                    try {
                        HttpResponse<String> response = service.post("/predict", KEY, SETOSA);
                        String header = response.headers().firstValue("X-Model-Version").orElse("(none)");
                        String body = response.statusCode() == 200
                                ? ServiceProcess.json(response.body()).path("model_version").asText() : "";
                        if (response.statusCode() != 200 || !header.equals(body)) {
                            failures.add(response.statusCode() + " header " + header + ": " + response.body());
                        } else {
                            versions.computeIfAbsent(header, v -> new AtomicInteger()).incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }, "predict-load-" + i);
            thread.start();
            threads.add(thread);
        }
    }

    /** Stops the load and waits for requests in flight. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Requests answered per model version (header and body agreeing). */
    Map<String, Integer> answeredByVersion() {
        Map<String, Integer> counts = new TreeMap<>();
        versions.forEach((version, count) -> counts.put(version, count.get()));
        return counts;
    }

    Set<String> versions() {
        return Set.copyOf(versions.keySet());
    }
}
