package dev.tributary.api.flink;

import dev.tributary.api.event.ChangeEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Flink serializer for {@link ChangeEvent}; keeps Kryo off the hot path. */
public final class ChangeEventSerializer extends ImmutableValueSerializer<ChangeEvent> {
    private static final long serialVersionUID = 1L;

    public static final ChangeEventSerializer INSTANCE = new ChangeEventSerializer();

    @Override
    public void serialize(ChangeEvent record, DataOutputView target) throws IOException {
        EventCodec.writeEvent(record, target);
    }

    @Override
    public ChangeEvent deserialize(DataInputView source) throws IOException {
        return EventCodec.readEvent(source);
    }

    @Override
    public TypeSerializerSnapshot<ChangeEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ChangeEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
