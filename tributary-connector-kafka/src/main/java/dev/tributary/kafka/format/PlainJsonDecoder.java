package dev.tributary.kafka.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.Position;
import dev.tributary.api.spi.TableDeclarations;
import dev.tributary.kafka.KafkaRecord;
import java.io.IOException;

/**
 * Decodes format {@code json}: one flat JSON object per record, read as an INSERT into the table
 * named by the topic, against the schema the pipeline file declares for that table (required). A
 * record with a null value is skipped like a tombstone. The source time is the Kafka record's
 * timestamp. A record is read straight from its bytes when it can be ({@link ChangeText}), else
 * with a parser. Not thread-safe.
 */
public final class PlainJsonDecoder implements RecordDecoder {
    private final Topics topics;

    /** Makes a parser per record, reusing one set of buffers. */
    private final JsonFactory json = Json.singleThreadFactory();

    /** Whether records are read without a parser when they can. */
    private final boolean readBytes;

    public PlainJsonDecoder(TableDeclarations declarations) {
        this(declarations, true);
    }

    /**
     * @param readBytes false to read every record with the parser, which tests compare the
     *     byte-level reader ({@link ChangeText}) with
     */
    PlainJsonDecoder(TableDeclarations declarations, boolean readBytes) {
        this.topics = new Topics(declarations);
        this.readBytes = readBytes;
    }

    @Override
    public ChangeEvent decode(KafkaRecord record) {
        byte[] v = record.value();
        if (v == null) {
            return null;
        }
        TopicState topic = topics.get(record.topic());
        if (topic.declared == null) {
            throw Failures.mismatch(
                    "no schema declared for table "
                            + topic.table
                            + " (topic '"
                            + record.topic()
                            + "'): format json needs one; declare `columns:` for '"
                            + topic.table
                            + "' under `tables:`");
        }
        Object[] row =
                topic.declaredText != null && readBytes ? topic.declaredText.readRow(v) : null;
        if (row == null) {
            row = parse(v, topic);
        }
        Position position =
                new Position(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp() >= 0 ? record.timestamp() : -1,
                        System.currentTimeMillis());
        return new ChangeEvent(topic.table, Op.INSERT, null, row, topic.declared, position);
    }

    private Object[] parse(byte[] v, TopicState topic) {
        try (JsonParser p = parser(v, 0, v.length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw Failures.parse("value is not a JSON object");
            }
            Object[] row = DeclaredRows.read(p, topic.declared, topic.table, null, true);
            if (p.nextToken() != null) {
                throw Failures.parse("unexpected content after the JSON object");
            }
            return row;
        } catch (JsonProcessingException e) {
            throw Failures.parse("value is not valid JSON: " + Json.describe(e));
        } catch (IOException e) {
            throw Failures.parse("value cannot be read: " + e.getMessage());
        }
    }

    private JsonParser parser(byte[] bytes, int offset, int length) throws IOException {
        return json.createParser(bytes, offset, length);
    }
}
