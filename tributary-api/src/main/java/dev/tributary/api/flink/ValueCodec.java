package dev.tributary.api.flink;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes row values with a one-byte tag for their Java class, so that typed rows and the loose
 * values of untyped JSON travel the same way. Stateless.
 */
final class ValueCodec {
    private static final byte NULL = 0;
    private static final byte BOOLEAN = 1;
    private static final byte SHORT = 2;
    private static final byte INT = 3;
    private static final byte LONG = 4;
    private static final byte FLOAT = 5;
    private static final byte DOUBLE = 6;
    private static final byte DECIMAL = 7;
    private static final byte STRING = 8;
    private static final byte BYTES = 9;
    private static final byte DATE = 10;
    private static final byte TIME = 11;
    private static final byte TIMESTAMP = 12;
    private static final byte TIMESTAMP_TZ = 13;
    private static final byte UUID_TAG = 14;

    /** A string of ASCII characters only: one byte a character, no UTF-8 encoding pass. */
    private static final byte ASCII = 15;

    /** A decimal whose unscaled value fits a long: no BigInteger byte array. */
    private static final byte SMALL_DECIMAL = 16;

    private ValueCodec() {}

    static void writeRow(Object[] row, DataOutputView out) throws IOException {
        if (row == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(row.length);
        for (Object v : row) {
            write(v, out);
        }
    }

    static Object[] readRow(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        Object[] row = new Object[n];
        for (int i = 0; i < n; i++) {
            row[i] = read(in);
        }
        return row;
    }

    static void write(Object v, DataOutputView out) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof String) {
            String text = (String) v;
            if (isAscii(text)) {
                out.writeByte(ASCII);
                out.writeInt(text.length());
                // Not DataOutputSerializer.writeBytes(String): in Flink 1.20 it advances its
                // position twice.
                for (int i = 0, n = text.length(); i < n; i++) {
                    out.writeByte(text.charAt(i));
                }
            } else {
                out.writeByte(STRING);
                writeString(text, out);
            }
        } else if (v instanceof Long) {
            out.writeByte(LONG);
            out.writeLong((Long) v);
        } else if (v instanceof Integer) {
            out.writeByte(INT);
            out.writeInt((Integer) v);
        } else if (v instanceof BigDecimal) {
            BigDecimal d = (BigDecimal) v;
            BigInteger unscaled = d.unscaledValue();
            if (unscaled.bitLength() < 64) {
                out.writeByte(SMALL_DECIMAL);
                out.writeInt(d.scale());
                out.writeLong(unscaled.longValue());
            } else {
                out.writeByte(DECIMAL);
                out.writeInt(d.scale());
                writeBytes(unscaled.toByteArray(), out);
            }
        } else if (v instanceof Boolean) {
            out.writeByte(BOOLEAN);
            out.writeBoolean((Boolean) v);
        } else if (v instanceof Short) {
            out.writeByte(SHORT);
            out.writeShort((Short) v);
        } else if (v instanceof Float) {
            out.writeByte(FLOAT);
            out.writeFloat((Float) v);
        } else if (v instanceof Double) {
            out.writeByte(DOUBLE);
            out.writeDouble((Double) v);
        } else if (v instanceof byte[]) {
            out.writeByte(BYTES);
            writeBytes((byte[]) v, out);
        } else if (v instanceof LocalDate) {
            out.writeByte(DATE);
            out.writeLong(((LocalDate) v).toEpochDay());
        } else if (v instanceof LocalTime) {
            out.writeByte(TIME);
            out.writeLong(((LocalTime) v).toNanoOfDay());
        } else if (v instanceof LocalDateTime) {
            out.writeByte(TIMESTAMP);
            LocalDateTime t = (LocalDateTime) v;
            out.writeLong(t.toEpochSecond(ZoneOffset.UTC));
            out.writeInt(t.getNano());
        } else if (v instanceof OffsetDateTime) {
            out.writeByte(TIMESTAMP_TZ);
            OffsetDateTime t = (OffsetDateTime) v;
            out.writeLong(t.toEpochSecond());
            out.writeInt(t.getNano());
            out.writeInt(t.getOffset().getTotalSeconds());
        } else if (v instanceof UUID) {
            out.writeByte(UUID_TAG);
            out.writeLong(((UUID) v).getMostSignificantBits());
            out.writeLong(((UUID) v).getLeastSignificantBits());
        } else {
            throw new IOException("no encoding for values of " + v.getClass().getName());
        }
    }

    static Object read(DataInputView in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case BOOLEAN:
                return in.readBoolean();
            case SHORT:
                return in.readShort();
            case INT:
                return in.readInt();
            case LONG:
                return in.readLong();
            case FLOAT:
                return in.readFloat();
            case DOUBLE:
                return in.readDouble();
            case DECIMAL:
                int scale = in.readInt();
                return new BigDecimal(new BigInteger(readBytes(in)), scale);
            case STRING:
                return readString(in);
            case BYTES:
                return readBytes(in);
            case DATE:
                return LocalDate.ofEpochDay(in.readLong());
            case TIME:
                return LocalTime.ofNanoOfDay(in.readLong());
            case TIMESTAMP:
                return LocalDateTime.ofEpochSecond(in.readLong(), in.readInt(), ZoneOffset.UTC);
            case TIMESTAMP_TZ:
                long seconds = in.readLong();
                int nanos = in.readInt();
                ZoneOffset offset = ZoneOffset.ofTotalSeconds(in.readInt());
                return OffsetDateTime.ofInstant(
                        java.time.Instant.ofEpochSecond(seconds, nanos), offset);
            case UUID_TAG:
                return new UUID(in.readLong(), in.readLong());
            case ASCII:
                byte[] ascii = new byte[in.readInt()];
                in.readFully(ascii);
                return new String(ascii, java.nio.charset.StandardCharsets.ISO_8859_1);
            case SMALL_DECIMAL:
                int smallScale = in.readInt();
                return BigDecimal.valueOf(in.readLong(), smallScale);
            default:
                throw new IOException("unknown value tag " + tag + ": the stream is corrupt");
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeBoolean(false);
            return;
        }
        out.writeBoolean(true);
        writeBytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), out);
    }

    static String readString(DataInputView in) throws IOException {
        return in.readBoolean()
                ? new String(readBytes(in), java.nio.charset.StandardCharsets.UTF_8)
                : null;
    }

    static void writeBytes(byte[] b, DataOutputView out) throws IOException {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.write(b);
    }

    static byte[] readBytes(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
