package io.irisapi.protocol;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method that answers before a model is loaded (liveness, server metadata); every other one may answer
 * 503 until one is, as the OpenAPI document says ({@link Routes#withoutModel}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AnswersWithoutModel {
}
