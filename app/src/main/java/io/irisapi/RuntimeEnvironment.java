package io.irisapi;

/** ENVIRONMENT: development is forgiving (generated key, model fall-back, plain logs); production is strict. */
public enum RuntimeEnvironment {
    DEVELOPMENT, PRODUCTION
}
