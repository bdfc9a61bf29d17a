package dev.tributary.api.flink;

import dev.tributary.api.event.SinkRecord;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Flink serializer for {@link SinkRecord}; keeps Kryo off the hot path. */
public final class SinkRecordSerializer extends ImmutableValueSerializer<SinkRecord> {
    private static final long serialVersionUID = 1L;

    public static final SinkRecordSerializer INSTANCE = new SinkRecordSerializer();

    @Override
    public void serialize(SinkRecord record, DataOutputView target) throws IOException {
        EventCodec.writeRecord(record, target);
    }

    @Override
    public SinkRecord deserialize(DataInputView source) throws IOException {
        return EventCodec.readRecord(source);
    }

    @Override
    public TypeSerializerSnapshot<SinkRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SinkRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
