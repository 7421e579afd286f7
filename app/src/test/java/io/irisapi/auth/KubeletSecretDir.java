package io.irisapi.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A directory laid out and updated as the kubelet does it for a mounted Secret: the data lives in a timestamped
 * directory, {@code ..data} links to it, and each key's file links through {@code ..data}. An update writes a new
 * timestamped directory, points {@code ..data_tmp} at it, renames that over {@code ..data} (one atomic step), and
 * deletes the old directory.
 */
final class KubeletSecretDir {
    private final Path root;
    private final String key;
    private final AtomicInteger generation = new AtomicInteger();
    private Path current;

    KubeletSecretDir(Path root, String key, String content) {
        this.root = root;
        this.key = key;
        try {
            current = writeGeneration(content);
            Files.createSymbolicLink(root.resolve("..data"), current.getFileName());
            Files.createSymbolicLink(root.resolve(key), Path.of("..data").resolve(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path a pod reads: {@code <mount>/<key>}. */
    Path file() {
        return root.resolve(key);
    }

    /** The kubelet's atomic swap to new content. */
    void update(String content) {
        try {
            Path previous = current;
            current = writeGeneration(content);
            Path tmp = root.resolve("..data_tmp");
            Files.createSymbolicLink(tmp, current.getFileName());
            Files.move(tmp, root.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            Files.delete(previous.resolve(key));
            Files.delete(previous);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path writeGeneration(String content) throws IOException {
        Path dir = Files.createDirectory(root.resolve("..2026_12_01_10_00_0" + generation.incrementAndGet()));
        Files.writeString(dir.resolve(key), content);
        return dir;
    }
}
