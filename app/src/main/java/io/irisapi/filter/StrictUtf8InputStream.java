package io.irisapi.filter;

import io.irisapi.core.RejectedException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a body through while checking that it is well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, no
 * byte that cannot start or continue a character, nothing cut off at the end. Jackson decodes a field name's bytes
 * without these checks, so an overlong {@code h} (0xC1 0xA8) in {@code sepal_lengt?} would name the field; a
 * malformed body is refused with 400 instead, whichever reader takes it.
 */
final class StrictUtf8InputStream extends FilterInputStream {
    private long offset;
    /** Continuation bytes still expected in the current character, and the range the next one must be in. */
    private int pending;
    private int low = 0x80;
    private int high = 0xBF;

    StrictUtf8InputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            end();
        } else {
            check(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int length) throws IOException {
        int n = super.read(buffer, off, length);
        if (n < 0) {
            end();
        }
        for (int i = 0; i < n; i++) {
            check(buffer[off + i] & 0xFF);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && read() >= 0) {
            skipped++;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check(int b) {
        if (pending > 0) {
            if (b < low || b > high) {
                throw malformed();
            }
            pending--;
            low = 0x80;
            high = 0xBF;
        } else if (b >= 0x80) {
            start(b);
        }
        offset++;
    }

    /** The first byte of a multi-byte character: how many follow, and the second byte's range (RFC 3629, 4). */
    private void start(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            pending = 2;
            low = b == 0xE0 ? 0xA0 : 0x80;
            high = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
            pending = 3;
            low = b == 0xF0 ? 0x90 : 0x80;
            high = b == 0xF4 ? 0x8F : 0xBF;
        } else {
            throw malformed();
        }
    }

    private void end() {
        if (pending > 0) {
            throw malformed();
        }
    }

    private RejectedException malformed() {
        return RejectedException.malformed("request body is not well-formed UTF-8 (at byte " + offset + ")");
    }
}
