package dev.tributary.kafka.sink;

import dev.tributary.api.event.SinkRecord;
import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink.PrecommittingStatefulSinkWriter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * The kafka sink: encodes each record as a Debezium JSON change event and writes it, followed by a
 * tombstone after each delete, through Flink's {@link KafkaSink}, which writes each checkpoint's
 * records in one Kafka transaction and commits it when the checkpoint completes.
 *
 * <p>Why a wrapper around KafkaSink's writer: KafkaSink's record serializer returns exactly one
 * producer record per element, but a delete needs two (the change, then the tombstone). A flatMap
 * in front of the sink would do, but a {@link dev.tributary.api.spi.SinkFactory} returns a Sink,
 * not a topology, and a pre-write topology keeps the element type. So this sink delegates
 * everything that makes KafkaSink exactly once unchanged (its committer, committable serializer,
 * writer state and transactional writer) and only puts its own writer in front: per record it
 * encodes, then writes one or two {@link OutgoingRecord}s to KafkaSink's writer, in order and in
 * the same transaction. Type parameters are KafkaSink's writer state and committable, which are
 * internal to the Kafka connector; they are inferred, never named.
 *
 * @param <S> KafkaSink's writer state
 * @param <C> KafkaSink's committable
 */
public final class KafkaChangeSink<S, C>
        implements Sink<SinkRecord>, SupportsWriterState<SinkRecord, S>, SupportsCommitter<C> {
    private static final long serialVersionUID = 1L;

    private final TwoPhaseCommittingStatefulSink<OutgoingRecord, S, C> kafka;
    private final KafkaSinkConfig config;

    KafkaChangeSink(
            TwoPhaseCommittingStatefulSink<OutgoingRecord, S, C> kafka, KafkaSinkConfig config) {
        this.kafka = kafka;
        this.config = config;
    }

    public KafkaSinkConfig config() {
        return config;
    }

    @Override
    @Deprecated
    public SinkWriter<SinkRecord> createWriter(Sink.InitContext context) throws IOException {
        return writer(kafka.createWriter(context), context.metricGroup());
    }

    @Override
    public SinkWriter<SinkRecord> createWriter(WriterInitContext context) throws IOException {
        return writer(precommitting(kafka.createWriter(context)), context.metricGroup());
    }

    @Override
    public StatefulSinkWriter<SinkRecord, S> restoreWriter(
            WriterInitContext context, Collection<S> recoveredState) throws IOException {
        return writer(
                precommitting(kafka.restoreWriter(context, recoveredState)), context.metricGroup());
    }

    @Override
    public SimpleVersionedSerializer<S> getWriterStateSerializer() {
        return kafka.getWriterStateSerializer();
    }

    @Override
    public Committer<C> createCommitter(CommitterInitContext context) throws IOException {
        return kafka.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<C> getCommittableSerializer() {
        return kafka.getCommittableSerializer();
    }

    private KafkaChangeWriter<S, C> writer(
            PrecommittingStatefulSinkWriter<OutgoingRecord, S, C> inner,
            SinkWriterMetricGroup metrics) {
        Counter failed = metrics.counter("recordsFailedToEncode");
        return new KafkaChangeWriter<>(inner, config, failed);
    }

    /**
     * KafkaSink implements the new context methods through Flink's defaults, which call its own
     * {@code createWriter(InitContext)} and {@code restoreWriter(InitContext, ...)}: both return
     * its precommitting stateful writer, but the defaults declare plainer types.
     */
    @SuppressWarnings("unchecked")
    private PrecommittingStatefulSinkWriter<OutgoingRecord, S, C> precommitting(
            SinkWriter<OutgoingRecord> writer) {
        return (PrecommittingStatefulSinkWriter<OutgoingRecord, S, C>) writer;
    }
}
