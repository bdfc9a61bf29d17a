package dev.tributary.kafka.sink;

import dev.tributary.api.error.DataException;
import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.ErrorRecord;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.RowJson;
import dev.tributary.api.event.SinkRecord;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.WriteMode;
import dev.tributary.kafka.format.DebeziumJsonEncoder;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink.PrecommittingStatefulSinkWriter;
import org.apache.flink.metrics.Counter;

/**
 * Encodes each record and writes it to KafkaSink's writer: the change event to the topic of its
 * target table, and after a delete a tombstone (the same key, no value), as Debezium does with
 * {@code tombstones.on.delete}, so that a compacted topic forgets the key. Every write mode is
 * written the same way: the envelope's {@code op} says what happened. A record that cannot be
 * encoded becomes an error row in the topic of the error table, and the stream goes on.
 *
 * <p>Checkpointing, transactions and state are KafkaSink's writer's, delegated unchanged.
 */
@SuppressWarnings("try") // close() throws what KafkaSink's writer's close() throws
final class KafkaChangeWriter<S, C>
        implements CommittingSinkWriter<SinkRecord, C>, StatefulSinkWriter<SinkRecord, S> {

    private final PrecommittingStatefulSinkWriter<OutgoingRecord, S, C> kafka;
    private final KafkaSinkConfig config;
    private final Counter failed;
    private final DebeziumJsonEncoder encoder;
    private final OutgoingRecord outgoing = new OutgoingRecord();
    private final Map<TableId, String> topics = new HashMap<>();
    private TableId lastTarget;
    private String lastTopic;

    KafkaChangeWriter(
            PrecommittingStatefulSinkWriter<OutgoingRecord, S, C> kafka,
            KafkaSinkConfig config,
            Counter failed) {
        this.kafka = kafka;
        this.config = config;
        this.failed = failed;
        this.encoder = new DebeziumJsonEncoder(config.schemas(), config.serverName(), version());
    }

    @Override
    public void write(SinkRecord record, Context context) throws IOException, InterruptedException {
        ChangeEvent event = record.event();
        String topic;
        byte[] key;
        byte[] value;
        try {
            topic = topicOf(record.target());
            value = encoder.value(topic, event, System.currentTimeMillis());
            key = encoder.key(topic, event);
        } catch (DataException e) {
            writeError(record, e, context);
            return;
        }
        kafka.write(outgoing.set(topic, key, value), context);
        if (event.op() == Op.DELETE && key != null) {
            // The tombstone follows its delete in the same partition and transaction.
            kafka.write(outgoing.set(topic, key, null), context);
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        kafka.flush(endOfInput);
    }

    @Override
    public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
        kafka.writeWatermark(watermark);
    }

    @Override
    public Collection<C> prepareCommit() throws IOException, InterruptedException {
        return kafka.prepareCommit();
    }

    @Override
    public List<S> snapshotState(long checkpointId) throws IOException {
        return kafka.snapshotState(checkpointId);
    }

    @Override
    public void close() throws Exception {
        try {
            kafka.close();
        } finally {
            encoder.close();
        }
    }

    private String topicOf(TableId target) {
        if (target.equals(lastTarget)) {
            return lastTopic;
        }
        String topic = topics.get(target);
        if (topic == null) {
            topic = config.topics().topicOf(target);
            topics.put(target, topic);
        }
        lastTarget = target;
        lastTopic = topic;
        return topic;
    }

    /** Writes the record as an error row of the error table, with the reason. */
    private void writeError(SinkRecord record, DataException e, Context context)
            throws IOException, InterruptedException {
        if (record.target().equals(config.errorTable())) {
            throw new IllegalStateException(
                    "cannot write an error row to the topic of " + config.errorTable(), e);
        }
        failed.inc();
        ChangeEvent event = record.event();
        Object[] row = event.keyRow();
        ErrorRecord error =
                ErrorRecord.ofText(
                        null,
                        event.position(),
                        event.table().text(),
                        record.target().text(),
                        e.kind(),
                        e.getMessage(),
                        RowJson.key(event.schema(), row),
                        RowJson.row(event.schema(), row));
        ChangeEvent errorRow =
                new ChangeEvent(
                        config.errorTable(),
                        Op.INSERT,
                        null,
                        error.toRow(config.pipeline()),
                        ErrorRecord.SCHEMA,
                        event.position());
        write(new SinkRecord(config.errorTable(), WriteMode.INSERT, errorRow), context);
    }

    private static String version() {
        String v = KafkaChangeWriter.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
