package io.irisapi.protocol.iris;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.util.ClassUtil;

import java.io.IOException;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Reads a batch's rows into one array of numbers, with the errors Jackson's list binding gives (each located at its
 * row). A thousand {@link IrisFeatures} with their boxed numbers are five thousand objects held until the batch is
 * scored; with many batches in flight they outlived young collections and filled the old generation
 * (docs/benchmarks.md). Each row's {@link IrisFeatures} is built afresh when asked for, to die young.
 */
public class IrisFeaturesListDeserializer extends StdDeserializer<List<IrisFeatures>> {
    private static final int FIELDS = IrisFeaturesDeserializer.FIELDS;
    /** Marks a row given as null, which validation names as required. */
    private static final int NULL_ROW = -1;

    public IrisFeaturesListDeserializer() {
        super(List.class);
    }

    @Override
    public List<IrisFeatures> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.isExpectedStartArrayToken()) {
            @SuppressWarnings("unchecked")
            List<IrisFeatures> other = (List<IrisFeatures>) ctxt.handleUnexpectedToken(List.class, p);
            return other;
        }
        Rows rows = new Rows();
        for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
            try {
                rows.read(p, ctxt, token);
            } catch (Exception e) {
                // As Jackson's own list binding: the error gains the row's index.
                if (!ctxt.isEnabled(DeserializationFeature.WRAP_EXCEPTIONS)) {
                    ClassUtil.throwIfRTE(e);
                }
                throw JsonMappingException.wrapWithPath(e, rows, rows.size());
            }
        }
        return rows;
    }

    private static final class Rows extends AbstractList<IrisFeatures> implements RandomAccess {
        private double[] values = new double[16 * FIELDS];
        private int[] absent = new int[16];
        private int size;

        void read(JsonParser p, DeserializationContext ctxt, JsonToken token) throws IOException {
            if (size == absent.length) {
                values = Arrays.copyOf(values, 2 * values.length);
                absent = Arrays.copyOf(absent, 2 * absent.length);
            }
            absent[size] = token == JsonToken.VALUE_NULL ? NULL_ROW
                    : IrisFeaturesDeserializer.read(p, ctxt, values, size * FIELDS);
            size++;
        }

        @Override
        public IrisFeatures get(int index) {
            Objects.checkIndex(index, size);
            return absent[index] == NULL_ROW ? null
                    : IrisFeaturesDeserializer.features(values, index * FIELDS, absent[index]);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
