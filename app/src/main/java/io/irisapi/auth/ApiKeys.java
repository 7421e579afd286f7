package io.irisapi.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The valid API keys. Keys are kept only as SHA-256 digests and a candidate is compared with every one of them in
 * constant time, so neither the position of the first wrong byte nor the length of a key shows in the timing.
 * The set can be replaced as a whole while requests are checked ({@link #replaceWith}): a request sees either the
 * old set or the new one, never a mix.
 */
public final class ApiKeys {
    /** Longer candidates are refused before hashing, and a longer key is refused when keys are read. */
    static final int MAX_KEY_LENGTH = 512;

    /** One digest per thread: looking the algorithm up took 1.4% of a /predict's request-thread samples (JFR). */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private volatile List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = digests;
    }

    /**
     * Parses API_KEY or the content of API_KEY_FILE: keys one per line or separated by commas; blank lines, lines
     * starting with {@code #} and blanks around keys are ignored. A key holds printable ASCII characters only (no
     * spaces) and at most {@value #MAX_KEY_LENGTH} of them; otherwise the whole text is refused with an
     * {@link IllegalArgumentException} that names the line, never the key.
     */
    public static ApiKeys parse(String text) {
        List<byte[]> digests = new ArrayList<>();
        String[] lines = text == null ? new String[0] : text.split("\r?\n", -1);
        for (int line = 0; line < lines.length; line++) {
            if (lines[line].strip().startsWith("#")) {
                continue;
            }
            for (String key : lines[line].split(",")) {
                String trimmed = key.strip();
                if (!trimmed.isEmpty()) {
                    check(trimmed, line + 1);
                    digests.add(sha256(trimmed));
                }
            }
        }
        return new ApiKeys(List.copyOf(digests));
    }

    private static void check(String key, int line) {
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("line " + line + ": a key is longer than " + MAX_KEY_LENGTH
                    + " characters");
        }
        if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("line " + line + ": a key holds a character other than printable "
                    + "ASCII (spaces, tabs, control characters and non-ASCII letters are not allowed in keys)");
        }
    }

    /** A random 256-bit key for development, URL-safe. */
    public static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** From now on, exactly the keys of {@code newer} are valid. */
    public void replaceWith(ApiKeys newer) {
        digests = newer.digests;
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    public int size() {
        return digests.size();
    }

    /** The client a key belongs to; every stored key is compared, whether or not an earlier one matched. */
    public Optional<ApiClient> match(String candidate) {
        if (candidate.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        byte[] digest = sha256(candidate);
        List<byte[]> current = digests;
        int found = -1;
        for (int i = 0; i < current.size(); i++) {
            if (MessageDigest.isEqual(current.get(i), digest)) {
                found = i;
            }
        }
        return found < 0 ? Optional.empty() : Optional.of(new ApiClient("key-" + (found + 1)));
    }

    static byte[] sha256(String key) {
        return sha256(key.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] bytes) {
        return SHA_256.get().digest(bytes);
    }
}
