package io.irisapi.dataplane;

import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelManager;

import java.util.Optional;

/**
 * The challenger beside the champion (MODEL_CHALLENGER_URI), the mode (ROLLOUT_MODE) and the canary's share
 * (CANARY_PERCENT). A canary request goes to the challenger when a hash of its key falls below the share: the same
 * key always gets the same model, on every pod, with no state kept.
 */
public final class Rollout {
    public static final Rollout NONE = new Rollout(null, RolloutMode.SHADOW, 0);

    private final ModelManager challenger;
    private final RolloutMode mode;
    private final int canaryPercent;

    /** @param challenger the challenger's manager, loading and reloading it as the champion's does; null: none */
    public Rollout(ModelManager challenger, RolloutMode mode, int canaryPercent) {
        if (canaryPercent < 0 || canaryPercent > 100) {
            throw new IllegalArgumentException("CANARY_PERCENT " + canaryPercent + " is not between 0 and 100");
        }
        this.challenger = challenger;
        this.mode = mode;
        this.canaryPercent = canaryPercent;
    }

    /** The challenger's manager, to start and stop with the application. */
    public Optional<ModelManager> manager() {
        return Optional.ofNullable(challenger);
    }

    public boolean isConfigured() {
        return challenger != null;
    }

    public RolloutMode mode() {
        return mode;
    }

    public int canaryPercent() {
        return canaryPercent;
    }

    /**
     * The challenger to compare with {@code champion}: none while it is not loaded, or when it is the champion's
     * version (as right after a promotion, until a new challenger is registered).
     */
    IrisModel against(IrisModel champion) {
        IrisModel loaded = challenger == null ? null : challenger.current().orElse(null);
        return loaded == null || loaded.version().equals(champion.version()) ? null : loaded;
    }

    /** Whether the challenger answers a share of the requests (canary mode with a share above 0). */
    boolean hasCanaryShare() {
        return mode == RolloutMode.CANARY && canaryPercent > 0;
    }

    /** Whether a canary request with this key is the challenger's to answer. */
    boolean toChallenger(String key) {
        return hasCanaryShare() && (canaryPercent == 100 || bucket(key == null ? "" : key) < canaryPercent);
    }

    /**
     * The key's bucket, 0 to 99: String.hashCode is fixed by the language, so every pod computes the same; the
     * finalizer of MurmurHash3 spreads keys that differ in one character over all buckets.
     */
    static int bucket(String key) {
        int h = key.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, 100);
    }
}
