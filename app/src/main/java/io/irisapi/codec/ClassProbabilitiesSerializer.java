package io.irisapi.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.irisapi.core.IrisDataset;

import java.io.IOException;

/**
 * Writes the three probabilities as Jackson's record binding does (a test holds the two equal), without its
 * reflective call and boxing per number: Blackbird, which spares the other fields both, has no accessor for doubles,
 * and a batch writes three per row.
 */
class ClassProbabilitiesSerializer extends StdSerializer<ClassProbabilities> {
    private static final SerializedString[] NAMES = IrisDataset.CLASS_LABELS.stream()
            .map(SerializedString::new)
            .toArray(SerializedString[]::new);

    ClassProbabilitiesSerializer() {
        super(ClassProbabilities.class);
    }

    @Override
    public void serialize(ClassProbabilities value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeStartObject(value);
        gen.writeFieldName(NAMES[0]);
        gen.writeNumber(value.setosa());
        gen.writeFieldName(NAMES[1]);
        gen.writeNumber(value.versicolor());
        gen.writeFieldName(NAMES[2]);
        gen.writeNumber(value.virginica());
        gen.writeEndObject();
    }
}
