package io.irisapi.auth;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.codahale.metrics.MetricRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class ApiKeyFileTest {
    static final String OLD = "old-key-0123456789";
    static final String NEW = "new-key-9876543210";

    @TempDir
    Path dir;
    final MetricRegistry metrics = new MetricRegistry();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final Logger logger = (Logger) LoggerFactory.getLogger(ApiKeyFile.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    ApiKeyFile open(Path file) {
        return ApiKeyFile.open(file, metrics, refusal -> fail("refused at start: " + refusal));
    }

    long count(String result) {
        return metrics.counter("success".equals(result) ? ApiKeyFile.SUCCESS : ApiKeyFile.FAILURE).getCount();
    }

    String logged() {
        return String.join("\n", logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    @Test
    void theKubeletsSymlinkSwapOfAMountedSecretReplacesTheKeys() {
        KubeletSecretDir secret = new KubeletSecretDir(dir, "api-keys", OLD + "\n");
        ApiKeyFile file = open(secret.file());
        ApiKeys live = file.keys();

        secret.update(OLD + "\n" + NEW + "\n");
        file.check();
        assertThat(live.match(OLD)).isPresent();
        assertThat(live.match(NEW)).isPresent();

        secret.update("# " + OLD + " removed\n" + NEW + "\n");
        file.check();
        assertThat(live.match(OLD)).isEmpty();
        assertThat(live.match(NEW)).isPresent();
        assertThat(count("success")).isEqualTo(2);
        assertThat(count("failure")).isZero();
    }

    @Test
    void anUnchangedFileIsNotReloaded() throws IOException {
        Path path = Files.writeString(dir.resolve("keys"), OLD);
        ApiKeyFile file = open(path);

        file.check();
        file.check();

        assertThat(count("success")).isZero();
        assertThat(count("failure")).isZero();
    }

    @Test
    void aMissingEmptyUnreadableOrMalformedFileKeepsTheKeysAndIsCountedOnceEach() throws IOException {
        Path path = Files.writeString(dir.resolve("keys"), OLD);
        ApiKeyFile file = open(path);
        ApiKeys live = file.keys();

        Files.delete(path);
        file.check();
        file.check();
        Files.writeString(path, "");
        file.check();
        Files.writeString(path, "# only a comment\n\n");
        file.check();
        Files.writeString(path, NEW + "\nsecret with spaces\n");
        file.check();
        Files.delete(path);
        Files.createDirectory(path);
        file.check();

        assertThat(live.match(OLD)).isPresent();
        assertThat(live.match(NEW)).isEmpty();
        assertThat(count("failure")).isEqualTo(5);
        assertThat(count("success")).isZero();
        assertThat(logged()).contains("the file does not exist").contains("the file holds no key")
                .contains("line 2: a key holds a character other than printable ASCII")
                .contains("the file cannot be read").contains("the 1 key(s) read before stay valid")
                .doesNotContain(OLD).doesNotContain(NEW).doesNotContain("secret with");
    }

    @Test
    void aGoodFileAfterABadOneIsTakenAndCountedAsASuccess() throws IOException {
        Path path = Files.writeString(dir.resolve("keys"), OLD);
        ApiKeyFile file = open(path);

        Files.writeString(path, "");
        file.check();
        Files.writeString(path, NEW);
        file.check();

        assertThat(file.keys().match(NEW)).isPresent();
        assertThat(file.keys().match(OLD)).isEmpty();
        assertThat(count("failure")).isEqualTo(1);
        assertThat(count("success")).isEqualTo(1);
        assertThat(logged()).contains("changed: 1 key(s) now valid").doesNotContain(NEW);
    }

    @Test
    void aFileLargerThanAnyKeyListIsRefused() throws IOException {
        Path path = Files.writeString(dir.resolve("keys"), (OLD + "\n").repeat(ApiKeyFile.MAX_FILE_BYTES / OLD.length()));

        ApiKeyFile.Reading reading = ApiKeyFile.read(path);

        assertThat(reading.ok()).isFalse();
        assertThat(reading.refusal()).isEqualTo("the file is larger than 1048576 bytes");
    }

    @Test
    void aFileRefusedAtStartHandsItsReasonToTheCallerWithoutTheContent() throws IOException {
        Path path = Files.writeString(dir.resolve("keys"), "two keys\n");

        ApiKeys fallback = ApiKeys.parse("fallback-key");
        StringBuilder reason = new StringBuilder();
        ApiKeyFile file = ApiKeyFile.open(path, metrics, refusal -> {
            reason.append(refusal);
            return fallback;
        });
        Files.writeString(path, NEW);
        file.check();

        assertThat(reason.toString()).isEqualTo("API_KEY_FILE " + path + " refused: line 1: a key holds a character"
                + " other than printable ASCII (spaces, tabs, control characters and non-ASCII letters are not"
                + " allowed in keys)");
        assertThat(fallback.match(NEW)).as("the fallback set is the live one, replaced by the next good file")
                .isPresent();
    }
}
