package io.irisapi.protocol.iris;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
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
    static final int FIELDS = IrisDataset.FEATURE_NAMES.size();
    private static final List<Object> KNOWN = List.copyOf(IrisDataset.FEATURE_NAMES);
    private static final int ALL_ABSENT = (1 << FIELDS) - 1;
    private static final SerializedString[] NAMES = IrisDataset.FEATURE_NAMES.stream()
            .map(SerializedString::new)
            .toArray(SerializedString[]::new);

    IrisFeaturesDeserializer() {
        super(IrisFeatures.class);
    }

    @Override
    public IrisFeatures deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        double[] values = new double[FIELDS];
        return features(values, 0, read(p, ctxt, values, 0));
    }

    /**
     * Reads one row's object into {@code values} from {@code offset} on, and returns which fields were missing or
     * null: bit {@code i} for {@code FEATURE_NAMES[i]}. A batch reads its rows with this straight into one array.
     */
    static int read(JsonParser p, DeserializationContext ctxt, double[] values, int offset) throws IOException {
        if (!p.isExpectedStartObjectToken()) {
            throw ctxt.wrongTokenException(p, IrisFeatures.class, JsonToken.START_OBJECT, "expected an object");
        }
        // The parser's duplicate-key check builds a hash set for every object of more than two keys; four known
        // names are checked with a bit mask instead, with the parser's own message. Restored before returning.
        boolean strict = p.isEnabled(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        int seen = 0;
        int absent = ALL_ABSENT;
        for (int i = nextField(p, 0); i >= 0; i = nextField(p, i + 1)) {
            String name = IrisDataset.FEATURE_NAMES.get(i);
            if (strict && (seen & 1 << i) != 0) {
                throw new JsonParseException(p, "Duplicate field '" + name + "'");
            }
            seen |= 1 << i;
            if (isNumber(p, p.nextToken(), name)) {
                values[offset + i] = p.getDoubleValue();
                absent &= ~(1 << i);
            } else {
                absent |= 1 << i;
            }
        }
        if (strict) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        }
        return absent;
    }

    /**
     * The index of the next field, or -1 at the object's end. Rows nearly always give the fields in the documented
     * order, so the {@code expected} one is matched first, on its bytes: that spares hashing each name into the
     * parser's symbol table (a twentieth of the profile of /predict/batch).
     */
    private static int nextField(JsonParser p, int expected) throws IOException {
        String name;
        if (expected < FIELDS) {
            if (p.nextFieldName(NAMES[expected])) {
                return expected;
            }
            name = p.currentToken() == JsonToken.FIELD_NAME ? p.currentName() : null;
        } else {
            name = p.nextFieldName();
        }
        if (name == null) {
            return -1;
        }
        int i = IrisDataset.FEATURE_NAMES.indexOf(name);
        if (i < 0) {
            throw UnrecognizedPropertyException.from(p, IrisFeatures.class, name, KNOWN);
        }
        return i;
    }

    /** The row {@link #read} left at {@code offset}, with null for each field in {@code absent}. */
    static IrisFeatures features(double[] values, int offset, int absent) {
        return new IrisFeatures(value(values, offset, absent, 0), value(values, offset, absent, 1),
                value(values, offset, absent, 2), value(values, offset, absent, 3));
    }

    private static Double value(double[] values, int offset, int absent, int i) {
        return (absent & 1 << i) != 0 ? null : values[offset + i];
    }

    /** True for a number; false for null, so that validation says the field is required. */
    private static boolean isNumber(JsonParser p, JsonToken token, String name) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return true;
        }
        if (token == JsonToken.VALUE_NULL) {
            return false;
        }
        throw JsonMappingException.wrapWithPath(
                MismatchedInputException.from(p, Double.class, "expected a number"), IrisFeatures.class, name);
    }
}
