package dev.tributary.jdbc.dialect.postgres;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;

/**
 * Encodes rows in PostgreSQL's binary COPY format into a reusable byte buffer: a header, then per
 * row the field count and each field as its length (-1 for null) and its bytes in the type's binary
 * form (big-endian integers and floats, numerics as base-10000 digits, dates as days and times as
 * microseconds since 2000-01-01 UTC), then a trailer. The server reads these without parsing text,
 * which is about half of what a text COPY of numbers and timestamps costs it. Which values may be
 * written is {@link BinaryColumn#accepts}'s decision; this class writes what it is given. Not
 * thread-safe; reuse one per connection.
 */
public final class CopyBinaryEncoder implements CopyRowEncoder {
    private static final byte[] SIGNATURE = {
        'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
    };

    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in seconds and days since 1970-01-01. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private static final long PG_EPOCH_DAYS = 10_957L;

    private static final int NUMERIC_NEGATIVE = 0x4000;

    private static final int[] POWERS = {1, 10, 100, 1000};

    private byte[] buf;
    private int pos;

    /** The types of the columns {@link #row} writes, op column included; see {@link #columns}. */
    private BinaryColumn[] columns;

    /** Base-10000 digit groups of the numeric being encoded, most significant first. */
    private int[] groups = new int[16];

    public CopyBinaryEncoder(int initialCapacity) {
        this.buf = new byte[Math.max(64, initialCapacity)];
    }

    /** The encoded bytes are {@code buffer()[0, size())}. */
    @Override
    public byte[] buffer() {
        return buf;
    }

    @Override
    public int size() {
        return pos;
    }

    /** Forgets the encoded bytes, keeping the buffer. */
    @Override
    public void clear() {
        pos = 0;
    }

    /**
     * Sets the types of the columns that {@link #row} writes, the op column first when rows have
     * one.
     */
    void columns(BinaryColumn[] types) {
        this.columns = types;
    }

    @Override
    public void begin() {
        header();
    }

    @Override
    public void row(String op, Object[] values) {
        startRow(columns.length);
        int t = 0;
        if (op != null) {
            value(columns[t++], op);
        }
        for (Object v : values) {
            value(columns[t++], v);
        }
    }

    @Override
    public void end() {
        trailer();
    }

    /** The file header: signature, flags (no OIDs) and an empty header extension. */
    public void header() {
        ensure(SIGNATURE.length + 8);
        System.arraycopy(SIGNATURE, 0, buf, pos, SIGNATURE.length);
        pos += SIGNATURE.length;
        int32(0);
        int32(0);
    }

    /** Starts a row of {@code fields} values. */
    public void startRow(int fields) {
        int16(fields);
    }

    /** The end of the data. */
    public void trailer() {
        int16(-1);
    }

    /** One value of the current row in {@code type}'s binary form; null is written as null. */
    public void value(BinaryColumn type, Object v) {
        if (v == null) {
            int32(-1);
            return;
        }
        switch (type) {
            case INT2:
                int32(2);
                int16((int) ((Number) v).longValue());
                break;
            case INT4:
                int32(4);
                int32((int) ((Number) v).longValue());
                break;
            case INT8:
                int32(8);
                int64(((Number) v).longValue());
                break;
            case FLOAT4:
                int32(4);
                int32(Float.floatToRawIntBits(((Number) v).floatValue()));
                break;
            case FLOAT8:
                int32(8);
                int64(Double.doubleToRawLongBits(((Number) v).doubleValue()));
                break;
            case NUMERIC:
                if (v instanceof BigDecimal) {
                    numeric((BigDecimal) v);
                } else {
                    numeric(((Number) v).longValue());
                }
                break;
            case BOOL:
                int32(1);
                put((byte) ((Boolean) v ? 1 : 0));
                break;
            case TEXT:
                utf8WithLength(v.toString(), false);
                break;
            case JSONB:
                utf8WithLength((String) v, true);
                break;
            case UUID_TYPE:
                int32(16);
                int64(((UUID) v).getMostSignificantBits());
                int64(((UUID) v).getLeastSignificantBits());
                break;
            case BYTEA:
                byte[] b = (byte[]) v;
                int32(b.length);
                ensure(b.length);
                System.arraycopy(b, 0, buf, pos, b.length);
                pos += b.length;
                break;
            case DATE:
                int32(4);
                int32((int) (((LocalDate) v).toEpochDay() - PG_EPOCH_DAYS));
                break;
            case TIME:
                int32(8);
                int64(((LocalTime) v).toNanoOfDay() / 1000);
                break;
            case TIMESTAMP:
                LocalDateTime t = (LocalDateTime) v;
                int32(8);
                int64(micros(t.toEpochSecond(ZoneOffset.UTC), t.getNano()));
                break;
            case TIMESTAMPTZ:
                OffsetDateTime z = (OffsetDateTime) v;
                int32(8);
                int64(micros(z.toEpochSecond(), z.getNano()));
                break;
            default:
                throw new IllegalArgumentException("no binary COPY form for " + type);
        }
    }

    private static long micros(long epochSecond, int nano) {
        return (epochSecond - PG_EPOCH_SECONDS) * 1_000_000L + nano / 1000;
    }

    // ---- numeric
    // --------------------------------------------------------------------------------

    private void numeric(long n) {
        if (n == Long.MIN_VALUE) {
            numeric(BigDecimal.valueOf(n));
            return;
        }
        numericStart(5); // 19 digits at most
        boolean negative = n < 0;
        long u = Math.abs(n);
        // Groups of four digits from the least significant, exponent 0 up.
        int count = 0;
        while (u != 0) {
            groups[count++] = (int) (u % 10_000);
            u /= 10_000;
        }
        reverse(groups, count);
        numericBody(negative, count, count - 1, 0);
    }

    private void numeric(BigDecimal d) {
        int scale = Math.max(d.scale(), 0);
        BigInteger unscaled = d.scale() < 0 ? d.setScale(0).unscaledValue() : d.unscaledValue();
        boolean negative = unscaled.signum() < 0;
        String digits = unscaled.abs().toString();
        int len = digits.length();
        // The digit at index i stands for 10^e with e = len - 1 - i - scale; group k holds the
        // exponents 4k .. 4k + 3, and the groups are numbered from the most significant.
        int top = Math.floorDiv(len - 1 - scale, 4);
        int bottom = Math.floorDiv(-scale, 4);
        int count = top - bottom + 1;
        numericStart(count);
        Arrays.fill(groups, 0, count, 0);
        for (int i = 0; i < len; i++) {
            int e = len - 1 - i - scale;
            int digit = digits.charAt(i) - '0';
            if (digit != 0) {
                groups[top - Math.floorDiv(e, 4)] += digit * POWERS[Math.floorMod(e, 4)];
            }
        }
        numericBody(negative, count, top, scale);
    }

    private void numericStart(int count) {
        if (groups.length < count) {
            groups = new int[Math.max(count, groups.length * 2)];
        }
    }

    /**
     * Writes the numeric whose {@code count} groups are in {@link #groups}, the first standing for
     * 10000^{@code weight}, without its leading and trailing zero groups.
     */
    private void numericBody(boolean negative, int count, int weight, int scale) {
        int first = 0;
        while (first < count && groups[first] == 0) {
            first++;
            weight--;
        }
        int last = count - 1;
        while (last >= first && groups[last] == 0) {
            last--;
        }
        int n = last - first + 1;
        if (n == 0) {
            weight = 0;
            negative = false;
        }
        int32(8 + 2 * n);
        int16(n);
        int16(weight);
        int16(negative ? NUMERIC_NEGATIVE : 0);
        int16(scale);
        for (int i = first; i <= last; i++) {
            int16(groups[i]);
        }
    }

    private static void reverse(int[] a, int count) {
        for (int i = 0, j = count - 1; i < j; i++, j--) {
            int x = a[i];
            a[i] = a[j];
            a[j] = x;
        }
    }

    // ---- text
    // -----------------------------------------------------------------------------------

    /**
     * The length, an optional jsonb version byte, and the UTF-8 bytes of {@code s}; an unpaired
     * surrogate becomes U+FFFD, as in the text form.
     */
    private void utf8WithLength(String s, boolean jsonbVersion) {
        ensure(4 + 1 + Utf8.maxBytes(s.length()));
        int lengthAt = pos;
        int start = lengthAt + 4;
        int p = start;
        if (jsonbVersion) {
            buf[p++] = 1;
        }
        pos = Utf8.write(s, buf, p, false);
        int length = pos - start;
        buf[lengthAt] = (byte) (length >>> 24);
        buf[lengthAt + 1] = (byte) (length >>> 16);
        buf[lengthAt + 2] = (byte) (length >>> 8);
        buf[lengthAt + 3] = (byte) length;
    }

    // ---- fixed-width
    // ----------------------------------------------------------------------------

    private void int16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void int32(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void int64(long v) {
        int32((int) (v >>> 32));
        int32((int) v);
    }

    private void put(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }
}
