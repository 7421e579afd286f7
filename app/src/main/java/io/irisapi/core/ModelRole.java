package io.irisapi.core;

import java.util.Locale;

/**
 * Which of the two models a model is: the champion answers clients; the challenger (MODEL_CHALLENGER_URI) is
 * compared with it on live traffic (shadow) or answers a share of the requests (canary) until it is promoted.
 */
public enum ModelRole {
    CHAMPION, CHALLENGER;

    /** How log lines qualify a model: the champion's lines read as they did before there was a challenger. */
    public String qualifier() {
        return this == CHAMPION ? "" : label() + " ";
    }

    /** The {@code role} label of the metrics and the name in /model. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
