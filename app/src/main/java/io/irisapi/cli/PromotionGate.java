package io.irisapi.cli;

import io.irisapi.mlflow.Promotion;

import java.util.ArrayList;
import java.util.List;

/**
 * What a challenger must show before {@code promote} makes it the champion: enough rows compared on live traffic,
 * enough agreement with the champion, no errors, and an offline accuracy no worse than the champion's.
 */
record PromotionGate(long minRows, double minAgreement) {
    /** Why the challenger may not be promoted; empty when it passes. */
    List<String> refusals(Promotion.Pair pair, LiveRecords.Sum live) {
        List<String> why = new ArrayList<>();
        if (live.rowsCompared() < minRows) {
            why.add("only " + live.rowsCompared() + " rows compared on live traffic, at least " + minRows
                    + " needed (--min-rows)");
        }
        if (live.rowsCompared() > 0 && live.agreement() < minAgreement) {
            why.add(String.format("agreement with the champion %.4f is below %.4f (--min-agreement)",
                    live.agreement(), minAgreement));
        }
        if (live.challengerErrors() > 0) {
            why.add("the challenger failed on " + live.challengerErrors() + " requests");
        }
        if (pair.challenger().accuracy().isEmpty()) {
            why.add("challenger version " + pair.challenger().number() + " has no offline accuracy metric");
        } else if (pair.champion().accuracy().isPresent()
                && pair.challenger().accuracy().get() < pair.champion().accuracy().get()) {
            why.add(String.format("offline accuracy %.4f is worse than champion version %s's %.4f",
                    pair.challenger().accuracy().get(), pair.champion().number(),
                    pair.champion().accuracy().get()));
        }
        return why;
    }
}
