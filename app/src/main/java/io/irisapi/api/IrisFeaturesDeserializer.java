package io.irisapi.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.irisapi.core.IrisDataset;

import java.io.IOException;
import java.util.List;

/**
 * Reads one row's object field by field, with the errors Jackson's record binding gives (an unknown field, a value
 * that is not a number, a duplicate key; each naming the field) at a fraction of its cost: a batch carries up to a
 * thousand rows, and binding them was a fifth of the profile of {@code /predict/batch} (docs/benchmarks.md).
 */
class IrisFeaturesDeserializer extends StdDeserializer<IrisFeatures> {
    private static final List<Object> KNOWN = List.copyOf(IrisDataset.FEATURE_NAMES);

    IrisFeaturesDeserializer() {
        super(IrisFeatures.class);
    }

    @Override
    public IrisFeatures deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.isExpectedStartObjectToken()) {
            return (IrisFeatures) ctxt.handleUnexpectedToken(IrisFeatures.class, p);
        }
        // The parser's duplicate-key check builds a hash set for every object of more than two keys; four known
        // names are checked with a bit mask instead, with the parser's own message. Restored before returning.
        boolean strict = p.isEnabled(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        Double[] values = new Double[KNOWN.size()];
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            int i = IrisDataset.FEATURE_NAMES.indexOf(name);
            if (i < 0) {
                throw UnrecognizedPropertyException.from(p, IrisFeatures.class, name, KNOWN);
            }
            if (strict && (seen & 1 << i) != 0) {
                throw new JsonParseException(p, "Duplicate field '" + name + "'");
            }
            seen |= 1 << i;
            values[i] = value(p, p.nextToken(), name);
        }
        if (strict) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        }
        return new IrisFeatures(values[0], values[1], values[2], values[3]);
    }

    /** A number; null stays null so that validation says the field is required. */
    private static Double value(JsonParser p, JsonToken token, String name) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw JsonMappingException.wrapWithPath(
                MismatchedInputException.from(p, Double.class, "expected a number"), IrisFeatures.class, name);
    }
}
