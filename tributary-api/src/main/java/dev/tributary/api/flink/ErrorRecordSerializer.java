package dev.tributary.api.flink;

import dev.tributary.api.event.ErrorRecord;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Flink serializer for {@link ErrorRecord}; keeps Kryo off the hot path. */
public final class ErrorRecordSerializer extends ImmutableValueSerializer<ErrorRecord> {
    private static final long serialVersionUID = 1L;

    public static final ErrorRecordSerializer INSTANCE = new ErrorRecordSerializer();

    @Override
    public void serialize(ErrorRecord record, DataOutputView target) throws IOException {
        EventCodec.writeError(record, target);
    }

    @Override
    public ErrorRecord deserialize(DataInputView source) throws IOException {
        return EventCodec.readError(source);
    }

    @Override
    public TypeSerializerSnapshot<ErrorRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ErrorRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
