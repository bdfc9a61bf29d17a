package dev.tributary.kafka.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.error.DataException;
import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Column;
import dev.tributary.api.event.DataType;
import dev.tributary.api.event.ErrorKind;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.TypeKind;
import dev.tributary.api.spi.TableDeclarations;
import dev.tributary.kafka.KafkaRecord;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlainJsonDecoderTest {
    private static final String TOPIC = "clicks";
    private static final TableSchema CLICKS =
            new TableSchema(
                    List.of(
                            new Column("id", DataType.of(TypeKind.INT64), false),
                            new Column("page", DataType.of(TypeKind.STRING), false),
                            new Column("amount", DataType.decimal(10, 2), true),
                            new Column("at", DataType.temporal(TypeKind.TIMESTAMP, 3), true),
                            new Column("at_tz", DataType.of(TypeKind.TIMESTAMP_TZ), true),
                            new Column("tags", DataType.of(TypeKind.JSON), true),
                            new Column("ok", DataType.of(TypeKind.BOOLEAN), true)),
                    List.of("id"));

    private final PlainJsonDecoder decoder =
            new PlainJsonDecoder(table -> table.equals(TableId.parse(TOPIC)) ? CLICKS : null);

    private static KafkaRecord record(String topic, String value) {
        return new KafkaRecord(
                topic,
                2,
                99,
                1_700_000_000_000L,
                null,
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private DataException failure(KafkaRecord record) {
        try {
            decoder.decode(record);
        } catch (DataException e) {
            return e;
        }
        throw new AssertionError("expected a DataException");
    }

    @Test
    void flatObjectBecomesAnInsertWithTheDeclaredSchemaAndCoercedValues() {
        ChangeEvent e =
                decoder.decode(
                        record(
                                TOPIC,
                                "{\"id\":1,\"page\":\"/home\",\"amount\":\"12.5\","
                                        + "\"at\":\"2024-03-15 10:30:45.123\",\"at_tz\":\"2024-03-15T10:30:45+02:00\","
                                        + "\"tags\":[\"a\",{\"b\":1}],\"ok\":\"true\"}"));

        assertThat(e.op()).isEqualTo(Op.INSERT);
        assertThat(e.table()).isEqualTo(TableId.parse(TOPIC));
        assertThat(e.schema()).isSameAs(CLICKS);
        assertThat(e.before()).isNull();
        assertThat(e.after())
                .containsExactly(
                        1L,
                        "/home",
                        new BigDecimal("12.5"),
                        LocalDateTime.of(2024, 3, 15, 10, 30, 45, 123_000_000),
                        OffsetDateTime.of(2024, 3, 15, 10, 30, 45, 0, ZoneOffset.ofHours(2)),
                        "[\"a\",{\"b\":1}]",
                        true);
        assertThat(e.position().stream()).isEqualTo(TOPIC);
        assertThat(e.position().partition()).isEqualTo(2);
        assertThat(e.position().offset()).isEqualTo(99);
        assertThat(e.position().sourceTimestamp())
                .as("the Kafka timestamp")
                .isEqualTo(1_700_000_000_000L);
    }

    @Test
    void missingFieldsAreNullAndFieldOrderDoesNotMatter() {
        ChangeEvent e = decoder.decode(record(TOPIC, "{\"page\":\"/a\",\"id\":2}"));

        assertThat(e.after()).containsExactly(2L, "/a", null, null, null, null, null);
    }

    @Test
    void nullValueIsSkipped() {
        assertThat(decoder.decode(record(TOPIC, null))).isNull();
    }

    @Test
    void undeclaredTopicIsASchemaMismatchThatSaysWhatToDeclare() {
        DataException e = failure(record("shop.events", "{\"id\":1}"));

        assertThat(e.kind()).isEqualTo(ErrorKind.SCHEMA_MISMATCH);
        assertThat(e.getMessage())
                .isEqualTo(
                        "no schema declared for table shop.events (topic 'shop.events'):"
                                + " format json needs one; declare `columns:` for 'shop.events' under `tables:`");
    }

    @Test
    void undeclaredFieldIsASchemaMismatchNamingIt() {
        DataException e = failure(record(TOPIC, "{\"id\":1,\"page\":\"/\",\"referrer\":\"x\"}"));

        assertThat(e.kind()).isEqualTo(ErrorKind.SCHEMA_MISMATCH);
        assertThat(e.getMessage())
                .isEqualTo(
                        "field 'referrer' is not a declared column of clicks; declared: id, page, amount, at, at_tz, tags, ok");
    }

    @Test
    void nullInANotNullColumnIsASchemaMismatch() {
        DataException missing = failure(record(TOPIC, "{\"id\":1}"));
        DataException explicit = failure(record(TOPIC, "{\"id\":1,\"page\":null}"));

        assertThat(missing.kind()).isEqualTo(ErrorKind.SCHEMA_MISMATCH);
        assertThat(missing.getMessage())
                .isEqualTo("field 'page' is missing or null, but column 'page' is NOT NULL");
        assertThat(explicit.getMessage()).isEqualTo(missing.getMessage());
    }

    @Test
    void valueThatDoesNotFitIsAConversionErrorNamingFieldValueAndType() {
        DataException e = failure(record(TOPIC, "{\"id\":\"x1\",\"page\":\"/\"}"));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONVERSION);
        assertThat(e.getMessage()).startsWith("field 'id': cannot convert 'x1' to INT64");
    }

    @Test
    void notJsonAndNotAnObjectAreParseErrors() {
        DataException notJson = failure(record(TOPIC, "id=1"));
        DataException array = failure(record(TOPIC, "[{\"id\":1}]"));
        DataException trailing = failure(record(TOPIC, "{\"id\":1,\"page\":\"/\"} {\"id\":2}"));

        assertThat(notJson.kind()).isEqualTo(ErrorKind.PARSE);
        assertThat(notJson.getMessage())
                .startsWith("value is not valid JSON: Unrecognized token 'id'");
        assertThat(array.kind()).isEqualTo(ErrorKind.PARSE);
        assertThat(array.getMessage()).isEqualTo("value is not a JSON object");
        assertThat(trailing.kind()).isEqualTo(ErrorKind.PARSE);
        assertThat(trailing.getMessage()).isEqualTo("unexpected content after the JSON object");
    }

    @Test
    void worksWithoutAnyDeclarationsOnlyForErrors() {
        PlainJsonDecoder none = new PlainJsonDecoder(TableDeclarations.NONE);

        try {
            none.decode(record(TOPIC, "{\"id\":1}"));
            throw new AssertionError("expected a DataException");
        } catch (DataException e) {
            assertThat(e.kind()).isEqualTo(ErrorKind.SCHEMA_MISMATCH);
        }
    }
}
