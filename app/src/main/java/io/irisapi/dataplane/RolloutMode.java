package io.irisapi.dataplane;

import java.util.Locale;

/**
 * ROLLOUT_MODE: how a challenger takes part. In both modes every row a client sends is scored by both models and
 * the pair of answers counted ({@link LiveRecord}); the mode decides only who answers.
 */
public enum RolloutMode {
    /** The champion answers every request; the challenger's answers are only compared. */
    SHADOW,
    /** The challenger answers CANARY_PERCENT of the requests, chosen by a hash of the request's canary key. */
    CANARY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Empty or blank: shadow; otherwise shadow or canary, in any case. */
    public static RolloutMode parse(String value) {
        if (value == null || value.isBlank()) {
            return SHADOW;
        }
        for (RolloutMode mode : values()) {
            if (mode.label().equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("ROLLOUT_MODE '" + value.trim() + "' is not shadow or canary");
    }
}
