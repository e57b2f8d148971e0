package io.copyjobs.streams;

import io.copyjobs.json.JobDocument;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a stored job laid out exactly as {@link JobDocumentSerde} writes one, without a JSON parser;
 * null at the first difference, for the parser to read instead.
 */
final class JobDocumentLayout {
    private final byte[] data;
    private int at;

    JobDocumentLayout(byte[] data) {
        this.data = data;
    }

    JobDocument read() throws IOException {
        if (!literal(JobDocumentSerde.START)) {
            return null;
        }
        String owner = string();
        if (owner == null || !literal(JobDocumentSerde.VERSION)) {
            return null;
        }
        long version = number();
        if (version < 0 || !literal(JobDocumentSerde.ETAG)) {
            return null;
        }
        String etag = string();
        if (etag == null || !literal(JobDocumentSerde.LENGTH)) {
            return null;
        }
        long length = number();
        if (length <= 0 || length > data.length || !literal(JobDocumentSerde.JOB)) {
            return null;
        }
        return JobDocumentSerde.job(data, owner, version, JobDocumentSerde.quoted(etag), at, (int) length);
    }

    private boolean literal(byte[] expected) {
        if (!Arrays.equals(data, at, Math.min(data.length, at + expected.length), expected, 0, expected.length)) {
            return false;
        }
        at += expected.length;
        return true;
    }

    /** A JSON string without escapes (which the writer makes only for unusual owners); else null. */
    private String string() {
        if (at >= data.length || data[at] != '"') {
            return null;
        }
        for (int i = at + 1; i < data.length; i++) {
            if (data[i] == '"') {
                String s = new String(data, at + 1, i - at - 1, StandardCharsets.UTF_8);
                at = i + 1;
                return s;
            }
            if (data[i] == '\\' || (data[i] >= 0 && data[i] < 0x20)) {
                return null;
            }
        }
        return null;
    }

    /** A non-negative integer of at most 18 digits; else -1. */
    private long number() {
        long n = 0;
        int from = at;
        while (at < data.length && data[at] >= '0' && data[at] <= '9' && at - from < 18) {
            n = n * 10 + (data[at++] - '0');
        }
        return at == from ? -1 : n;
    }
}
