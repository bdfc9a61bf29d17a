package dev.tributary.postgres.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.ErrorKind;
import dev.tributary.api.event.ErrorRecord;
import dev.tributary.api.event.Op;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.Collector;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** Records Debezium would produce, converted without a database: events, and errors. */
class ChangeEventDeserializerTest {
    private static final Schema KEY =
            SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
    private static final Schema ROW =
            SchemaBuilder.struct()
                    .optional()
                    .field("id", Schema.INT32_SCHEMA)
                    .field(
                            "at",
                            SchemaBuilder.int64()
                                    .name(SourceTypes.TIME_MICROS)
                                    .parameter(SourceTypes.TYPE_PARAM, "TIME")
                                    .parameter(SourceTypes.SCALE_PARAM, "6")
                                    .optional()
                                    .build())
                    .build();
    private static final Schema SOURCE =
            SchemaBuilder.struct()
                    .field("schema", Schema.STRING_SCHEMA)
                    .field("table", Schema.STRING_SCHEMA)
                    .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
                    .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                    .build();
    private static final Schema ENVELOPE =
            SchemaBuilder.struct()
                    .field("before", ROW)
                    .field("after", ROW)
                    .field("source", SOURCE)
                    .field("op", Schema.STRING_SCHEMA)
                    .build();

    private static SourceRecord record(String op, Long micros) {
        return record(op, micros, 99L);
    }

    private static SourceRecord record(String op, Long micros, long tsMillis) {
        Struct row = new Struct(ROW).put("id", 7).put("at", micros);
        Struct source =
                new Struct(SOURCE)
                        .put("schema", "public")
                        .put("table", "t")
                        .put("lsn", 1234L)
                        .put("ts_ms", tsMillis);
        Struct value = new Struct(ENVELOPE).put("after", row).put("source", source).put("op", op);
        return new SourceRecord(
                Map.of(), Map.of(), "topic", 0, KEY, new Struct(KEY).put("id", 7), ENVELOPE, value);
    }

    private static List<Object> convert(SourceRecord... records) {
        ChangeEventDeserializer deserializer = new ChangeEventDeserializer("pg", "slot");
        List<Object> out = new ArrayList<>();
        Collector<Object> collector =
                new Collector<>() {
                    @Override
                    public void collect(Object record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                };
        for (SourceRecord r : records) {
            deserializer.deserialize(r, collector);
        }
        return out;
    }

    @Test
    void aRowBecomesAnEventWithItsPositionAndSharedSchema() {
        List<Object> out = convert(record("c", 3_723_000_001L), record("r", null));
        ChangeEvent insert = (ChangeEvent) out.get(0);
        ChangeEvent snapshot = (ChangeEvent) out.get(1);
        assertThat(insert.op()).isEqualTo(Op.INSERT);
        assertThat(snapshot.op()).isEqualTo(Op.SNAPSHOT);
        assertThat(insert.table().text()).isEqualTo("public.t");
        assertThat(insert.after()).containsExactly(7, LocalTime.of(1, 2, 3, 1000));
        assertThat(snapshot.after()).containsExactly(7, null);
        assertThat(insert.position().stream()).isEqualTo("slot");
        assertThat(insert.position().offset()).isEqualTo(1234L);
        assertThat(insert.position().sourceTimestamp()).isEqualTo(99L);
        assertThat(insert.schema().primaryKey()).containsExactly("id");
        assertThat(snapshot.schema()).isSameAs(insert.schema());
    }

    @Test
    void aSnapshotReadWithoutCommitTimeHasNoSourceTimestamp() {
        ChangeEvent snapshot = (ChangeEvent) convert(record("r", null, 0L)).get(0);
        assertThat(snapshot.position().sourceTimestamp()).isEqualTo(-1L);
    }

    @Test
    void aValueThatDoesNotFitGoesToTheErrorsWithTheRecord() {
        // 24:00:00 is a valid PostgreSQL time but no LocalTime.
        ErrorRecord error = (ErrorRecord) convert(record("u", 86_400_000_000L)).get(0);
        assertThat(error.kind()).isEqualTo(ErrorKind.CONVERSION);
        assertThat(error.message())
                .startsWith("column 'at': cannot convert 86400000000 to TIME(6)");
        assertThat(error.sourceTable()).isEqualTo("public.t");
        assertThat(error.position().offset()).isEqualTo(1234L);
        assertThat(new String(error.rawValue(), StandardCharsets.UTF_8)).contains("op=u");
    }

    @Test
    void anUnknownOperationIsAnError() {
        ErrorRecord error = (ErrorRecord) convert(record("x", 1L)).get(0);
        assertThat(error.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
        assertThat(error.message()).isEqualTo("unknown operation 'x'");
    }
}
