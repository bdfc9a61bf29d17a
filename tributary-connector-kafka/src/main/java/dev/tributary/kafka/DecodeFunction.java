package dev.tributary.kafka;

import dev.tributary.api.error.DataException;
import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.ErrorKind;
import dev.tributary.api.event.ErrorRecord;
import dev.tributary.api.event.Position;
import dev.tributary.api.event.TableId;
import dev.tributary.api.flink.EventTypeInfo;
import dev.tributary.api.spi.TableDeclarations;
import dev.tributary.kafka.format.DebeziumJsonDecoder;
import dev.tributary.kafka.format.PlainJsonDecoder;
import dev.tributary.kafka.format.RecordDecoder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes raw Kafka records into change events; a record that cannot be decoded goes to the {@link
 * #ERRORS} side output with the reason, its position and its raw bytes, and the stream goes on.
 * Tombstones, and truncates under {@code truncate: skip}, are counted and dropped. The decoder is
 * created in {@link #open}, so its caches are never shipped with the job.
 */
final class DecodeFunction extends ProcessFunction<KafkaRecord, ChangeEvent> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecodeFunction.class);

    /** Where records that cannot be decoded go. */
    static final OutputTag<ErrorRecord> ERRORS =
            new OutputTag<>("decode-errors", EventTypeInfo.ERROR_RECORD);

    private final String sourceName;
    private final String format;
    private final boolean applyTruncates;
    private final TableDeclarations declarations;

    private transient RecordDecoder decoder;
    private transient Counter skipped;
    private transient Counter failed;

    DecodeFunction(
            String sourceName,
            String format,
            boolean applyTruncates,
            TableDeclarations declarations) {
        this.sourceName = sourceName;
        this.format = format;
        this.applyTruncates = applyTruncates;
        this.declarations = declarations;
    }

    static RecordDecoder decoder(
            String format, boolean applyTruncates, TableDeclarations declarations) {
        switch (format) {
            case KafkaSourceOptions.FORMAT_DEBEZIUM_JSON:
                return new DebeziumJsonDecoder(declarations, applyTruncates);
            case KafkaSourceOptions.FORMAT_JSON:
                return new PlainJsonDecoder(declarations);
            default:
                throw new IllegalArgumentException("unknown format " + format);
        }
    }

    @Override
    public void open(OpenContext context) {
        decoder = decoder(format, applyTruncates, declarations);
        skipped = getRuntimeContext().getMetricGroup().counter("recordsSkipped");
        failed = getRuntimeContext().getMetricGroup().counter("recordsFailedToDecode");
    }

    @Override
    public void processElement(KafkaRecord record, Context ctx, Collector<ChangeEvent> out) {
        ChangeEvent event;
        try {
            event = decoder.decode(record);
        } catch (DataException e) {
            ctx.output(ERRORS, error(record, e.kind(), e.getMessage()));
            return;
        } catch (RuntimeException e) {
            // A decoder bug must not stop the pipeline on one record either; keep the evidence.
            LOG.warn("Unexpected failure decoding {} from source '{}'", record, sourceName, e);
            ctx.output(ERRORS, error(record, ErrorKind.PARSE, "cannot decode: " + e));
            return;
        }
        if (event != null) {
            out.collect(event);
        } else {
            skipped.inc();
        }
    }

    private ErrorRecord error(KafkaRecord r, ErrorKind kind, String message) {
        failed.inc();
        long now = System.currentTimeMillis();
        Position position = new Position(r.topic(), r.partition(), r.offset(), r.timestamp(), now);
        return new ErrorRecord(
                sourceName,
                position,
                tableText(r.topic()),
                null,
                kind,
                message,
                r.key(),
                r.value(),
                now);
    }

    private static String tableText(String topic) {
        try {
            return TableId.parse(topic).text();
        } catch (IllegalArgumentException e) {
            return topic;
        }
    }
}
