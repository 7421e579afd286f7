package io.irisapi.filter;

import io.irisapi.core.RejectedException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictUtf8InputStreamTest {
    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] readAll(byte[] body, boolean byteByByte) throws IOException {
        InputStream in = new StrictUtf8InputStream(new ByteArrayInputStream(body));
        if (!byteByByte) {
            return in.readAllBytes();
        }
        var out = new java.io.ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            out.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void passesWellFormedTextUnchanged() throws IOException {
        byte[] text = "{\"name\":\"é € 𝄞 \u007f\u0080\uD7FF\uE000\uFFFD\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(readAll(text, false)).isEqualTo(text);
        assertThat(readAll(text, true)).isEqualTo(text);
    }

    @Test
    void refusesWhatRfc3629Excludes() {
        int[][] malformed = {
                {0xC1, 0xA8},             // overlong 'h'
                {0xC0, 0xAF},             // overlong '/'
                {0xE0, 0x80, 0xAF},       // overlong, three bytes
                {0xF0, 0x80, 0x80, 0xAF}, // overlong, four bytes
                {0xED, 0xA0, 0x80},       // a UTF-16 surrogate
                {0xF4, 0x90, 0x80, 0x80}, // past U+10FFFF
                {0xF5, 0x80, 0x80, 0x80}, // no such lead byte
                {0x80},                   // a continuation byte alone
                {0xC3},                   // cut off at the end
                {0xE2, 0x82},             // cut off at the end
                {0xC3, 0x28},             // a lead byte without its continuation
        };
        for (int[] sequence : malformed) {
            byte[] body = bytes(sequence);
            for (boolean byteByByte : new boolean[] {false, true}) {
                assertThatThrownBy(() -> readAll(body, byteByByte)).as(java.util.Arrays.toString(sequence))
                        .isInstanceOf(RejectedException.class)
                        .satisfies(e -> assertThat(((RejectedException) e).status()).isEqualTo(400));
            }
        }
    }
}
