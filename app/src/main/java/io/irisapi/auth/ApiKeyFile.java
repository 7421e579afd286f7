package io.irisapi.auth;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * API_KEY_FILE: the keys are read from a file at start and again whenever its content changes, so that keys rotate
 * without a restart. The file is read through its path every {@link #CHECK_INTERVAL_SECONDS} seconds, symbolic links
 * followed, so every way of changing it counts: an edit, a rename over it, and the kubelet's update of a mounted
 * Secret (a new timestamped directory, then an atomic rename of the {@code ..data} symlink that the file's own
 * symlink points through). Polling rather than file-system events: events do not follow that chain of links.
 *
 * <p>A file that is missing, unreadable, empty or malformed is refused: the keys already loaded stay valid, the reason
 * is logged (never a key) and counted once per state of the file in {@code iris_api_key_reloads_total{result}}.
 */
public final class ApiKeyFile implements Managed {
    /** Checks are cheap (one small read); the bound for a change to take effect is 10 s. */
    static final long CHECK_INTERVAL_SECONDS = 2;
    /** Dropwizard counter names; {@code PrometheusMetrics} exports them as the {@code result} label. */
    public static final String SUCCESS = "iris_api_key_reloads.success";
    public static final String FAILURE = "iris_api_key_reloads.failure";
    /** Far more than any real key list; a larger file is not one (a wrong mount, a binary). */
    static final int MAX_FILE_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFile.class);

    private final Path path;
    private final ApiKeys keys;
    private final Counter successes;
    private final Counter failures;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "api-key-file");
        thread.setDaemon(true);
        return thread;
    });
    /** What was last read (a digest of the content, or why it could not be read); only the checker thread writes. */
    private String lastState;

    private ApiKeyFile(Path path, ApiKeys keys, String state, MetricRegistry metrics) {
        this.path = path;
        this.keys = keys;
        this.lastState = state;
        this.successes = metrics.counter(SUCCESS);
        this.failures = metrics.counter(FAILURE);
    }

    /** One reading of the file: the keys, or why there are none; {@code state} tells one reading from another. */
    record Reading(ApiKeys keys, String refusal, String state) {
        boolean ok() {
            return refusal == null;
        }
    }

    /**
     * Reads the file once at start. {@code whenRefused} supplies the keys to begin with when the file is refused
     * (development's generated key); in production it throws, and the service does not start.
     */
    public static ApiKeyFile open(Path path, MetricRegistry metrics, Function<String, ApiKeys> whenRefused) {
        Reading reading = read(path);
        ApiKeys keys;
        if (reading.ok()) {
            keys = reading.keys();
            LOG.info("API key authentication: {} key(s) from API_KEY_FILE {}, checked for changes every {} s",
                    keys.size(), path, CHECK_INTERVAL_SECONDS);
        } else {
            keys = whenRefused.apply("API_KEY_FILE " + path + " refused: " + reading.refusal());
        }
        return new ApiKeyFile(path, keys, reading.state(), metrics);
    }

    /** The live key set: replaced in place on every accepted change of the file. */
    public ApiKeys keys() {
        return keys;
    }

    static Reading read(Path path) {
        byte[] content;
        try (InputStream in = Files.newInputStream(path)) {
            content = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            return new Reading(null, "the file does not exist", "missing");
        } catch (IOException e) {
            // The exception's message is the path and the operating system's reason, never the content.
            String reason = "the file cannot be read (" + e.getClass().getSimpleName() + ")";
            return new Reading(null, reason, "unreadable:" + reason);
        }
        String state = HexFormat.of().formatHex(ApiKeys.sha256(content));
        if (content.length > MAX_FILE_BYTES) {
            return new Reading(null, "the file is larger than " + MAX_FILE_BYTES + " bytes", state);
        }
        try {
            ApiKeys parsed = ApiKeys.parse(new String(content, StandardCharsets.UTF_8));
            if (parsed.isEmpty()) {
                return new Reading(null, "the file holds no key", state);
            }
            return new Reading(parsed, null, state);
        } catch (IllegalArgumentException e) {
            return new Reading(null, e.getMessage(), state);
        }
    }

    /** Reads the file and, when it changed since the last look, takes its keys or refuses it. */
    void check() {
        Reading reading = read(path);
        if (reading.state().equals(lastState)) {
            return;
        }
        lastState = reading.state();
        if (reading.ok()) {
            keys.replaceWith(reading.keys());
            successes.inc();
            LOG.info("API_KEY_FILE {} changed: {} key(s) now valid", path, keys.size());
        } else {
            failures.inc();
            LOG.error("API_KEY_FILE {} refused: {}; the {} key(s) read before stay valid", path, reading.refusal(),
                    keys.size());
        }
    }

    @Override
    public void start() {
        executor.scheduleWithFixedDelay(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                // A scheduled task that throws is never run again: nothing may escape.
                LOG.error("Checking API_KEY_FILE {} failed", path, e);
            }
        }, CHECK_INTERVAL_SECONDS, CHECK_INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        executor.shutdownNow();
    }
}
