package io.irisapi.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.util.List;

/** The JSON rules every wire form is read with. */
public final class StrictJson {
    private StrictJson() {
    }

    /**
     * Strict JSON for every resource: unknown fields, strings where numbers belong and anything after the value are
     * errors, duplicate keys are refused, and the parser's limits keep hostile bodies (huge numbers, deep nesting)
     * cheap to reject. NaN and Infinity literals are read so that validation can name the field instead of a syntax
     * error.
     */
    public static void configure(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxNumberLength(64).maxStringLength(65_536).build());
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // A body is one JSON value read to its end: what follows it, or a body cut short, is refused.
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
        // Number text is most of a batch's cost (JFR: Double.toString and parseDouble were a third of the samples
        // of /predict/batch with 1,000 rows). Jackson's fast paths give the same doubles, several times faster.
        mapper.enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature());
        mapper.enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    /**
     * In request bodies, integers (a tensor's shape) are JSON integers and strings (ids, names) JSON strings: 1.5,
     * "4" or 7 in their place is the wrong type, not a value to convert. Set once the configuration has been read
     * with the same mapper, where environment substitution makes every number a string and a numeric key a number.
     */
    public static void refuseScalarConversions(ObjectMapper mapper) {
        for (CoercionInputShape shape : List.of(CoercionInputShape.Float, CoercionInputShape.String,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Integer).setCoercion(shape, CoercionAction.Fail);
        }
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
    }
}
