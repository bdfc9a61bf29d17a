package dev.tributary.api.event;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * An event that could not be delivered, with what is needed to find and fix it: where it came from,
 * why it failed, and its raw key and value, each cut to {@link #MAX_PAYLOAD_BYTES} bytes.
 */
public final class ErrorRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The most bytes of raw key or value kept per error (64 KiB); longer payloads are cut. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    /** The columns of the error table, in order; see {@link #toRow(String)}. */
    public static final TableSchema SCHEMA =
            new TableSchema(
                    List.of(
                            new Column("pipeline", DataType.of(TypeKind.STRING), false),
                            new Column("source", DataType.of(TypeKind.STRING), true),
                            new Column("stream", DataType.of(TypeKind.STRING), true),
                            new Column("partition", DataType.of(TypeKind.INT32), true),
                            new Column("offset", DataType.of(TypeKind.INT64), true),
                            new Column("source_table", DataType.of(TypeKind.STRING), true),
                            new Column("target_table", DataType.of(TypeKind.STRING), true),
                            new Column("error_kind", DataType.of(TypeKind.STRING), false),
                            new Column("message", DataType.of(TypeKind.STRING), false),
                            new Column("raw_key", DataType.of(TypeKind.BYTES), true),
                            new Column("raw_value", DataType.of(TypeKind.BYTES), true),
                            new Column("raw_truncated", DataType.of(TypeKind.BOOLEAN), false),
                            new Column(
                                    "error_time",
                                    DataType.temporal(TypeKind.TIMESTAMP_TZ, 3),
                                    false)),
                    List.of());

    private final String source;
    private final Position position;
    private final String sourceTable;
    private final String targetTable;
    private final ErrorKind kind;
    private final String message;
    private final byte[] rawKey;
    private final byte[] rawValue;
    private final boolean truncated;
    private final long time;

    public ErrorRecord(
            String source,
            Position position,
            String sourceTable,
            String targetTable,
            ErrorKind kind,
            String message,
            byte[] rawKey,
            byte[] rawValue,
            long time) {
        this.source = source;
        this.position = position;
        this.sourceTable = sourceTable;
        this.targetTable = targetTable;
        this.kind = kind;
        this.message = message == null ? kind.name() : message;
        this.truncated = isLong(rawKey) || isLong(rawValue);
        this.rawKey = cut(rawKey);
        this.rawValue = cut(rawValue);
        this.time = time;
    }

    /** An error for a text payload, as sinks report rows they rendered themselves. */
    public static ErrorRecord ofText(
            String source,
            Position position,
            String sourceTable,
            String targetTable,
            ErrorKind kind,
            String message,
            String key,
            String value) {
        return new ErrorRecord(
                source,
                position,
                sourceTable,
                targetTable,
                kind,
                message,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis());
    }

    private static boolean isLong(byte[] b) {
        return b != null && b.length > MAX_PAYLOAD_BYTES;
    }

    private static byte[] cut(byte[] b) {
        return isLong(b) ? Arrays.copyOf(b, MAX_PAYLOAD_BYTES) : b;
    }

    public String source() {
        return source;
    }

    /** Where the bad event was read, or null when unknown. */
    public Position position() {
        return position;
    }

    public String sourceTable() {
        return sourceTable;
    }

    public String targetTable() {
        return targetTable;
    }

    public ErrorKind kind() {
        return kind;
    }

    public String message() {
        return message;
    }

    public byte[] rawKey() {
        return rawKey;
    }

    public byte[] rawValue() {
        return rawValue;
    }

    public boolean truncated() {
        return truncated;
    }

    /** When the error happened (epoch ms). */
    public long time() {
        return time;
    }

    /** This error as a row of {@link #SCHEMA}. */
    public Object[] toRow(String pipeline) {
        return new Object[] {
            pipeline,
            source,
            position == null ? null : position.stream(),
            position == null ? null : position.partition(),
            position == null ? null : position.offset(),
            sourceTable,
            targetTable,
            kind.name(),
            message,
            rawKey,
            rawValue,
            truncated,
            java.time.Instant.ofEpochMilli(time).atOffset(java.time.ZoneOffset.UTC)
        };
    }

    @Override
    public String toString() {
        return kind + " at " + position + ": " + message;
    }
}
