package io.irisapi.core;

/** Where the served model comes from. {@link #load()} returns a checked, servable model or throws. */
public interface ModelSource {
    IrisModel load();

    /** For logs and /model: where this source looks. */
    String describe();
}
