package io.irisapi.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The valid API keys. Keys are kept only as SHA-256 digests and a candidate is compared with every one of them in
 * constant time, so neither the position of the first wrong byte nor the length of a key shows in the timing.
 */
public final class ApiKeys {
    /** Longer candidates are refused before hashing: no real key is this long. */
    static final int MAX_KEY_LENGTH = 512;

    private final List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = digests;
    }

    /** Parses API_KEY: keys separated by commas, blanks ignored. */
    public static ApiKeys parse(String commaSeparated) {
        List<byte[]> digests = Arrays.stream(commaSeparated == null ? new String[0] : commaSeparated.split(","))
                .map(String::trim)
                .filter(key -> !key.isEmpty())
                .map(ApiKeys::sha256)
                .toList();
        return new ApiKeys(digests);
    }

    /** A random 256-bit key for development, URL-safe. */
    public static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
        int found = -1;
        for (int i = 0; i < digests.size(); i++) {
            if (MessageDigest.isEqual(digests.get(i), digest)) {
                found = i;
            }
        }
        return found < 0 ? Optional.empty() : Optional.of(new ApiClient("key-" + (found + 1)));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
