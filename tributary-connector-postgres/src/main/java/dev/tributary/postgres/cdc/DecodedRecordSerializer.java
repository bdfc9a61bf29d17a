package dev.tributary.postgres.cdc;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.ErrorRecord;
import dev.tributary.api.flink.EventCodec;
import dev.tributary.api.flink.EventTypeInfo;
import dev.tributary.api.flink.ImmutableValueSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer for what the change-event deserializer emits: a {@link ChangeEvent} or, for a
 * record it could not convert, an {@link ErrorRecord}. One tag byte then the record's own codec, so
 * neither a wrapper object per event nor Kryo is needed.
 */
final class DecodedRecordSerializer extends ImmutableValueSerializer<Object> {
    private static final long serialVersionUID = 1L;

    private static final byte EVENT = 0;
    private static final byte ERROR = 1;

    static final DecodedRecordSerializer INSTANCE = new DecodedRecordSerializer();

    /** Type information of the deserializer's output: change events and error records. */
    static final EventTypeInfo<Object> TYPE = EventTypeInfo.of(Object.class, INSTANCE);

    @Override
    public void serialize(Object record, DataOutputView target) throws IOException {
        if (record instanceof ChangeEvent) {
            target.writeByte(EVENT);
            EventCodec.writeEvent((ChangeEvent) record, target);
        } else if (record instanceof ErrorRecord) {
            target.writeByte(ERROR);
            EventCodec.writeError((ErrorRecord) record, target);
        } else {
            throw new IOException("cannot serialize a " + record.getClass().getName());
        }
    }

    @Override
    public Object deserialize(DataInputView source) throws IOException {
        byte tag = source.readByte();
        switch (tag) {
            case EVENT:
                return EventCodec.readEvent(source);
            case ERROR:
                return EventCodec.readError(source);
            default:
                throw new IOException("unknown record tag " + tag);
        }
    }

    @Override
    public TypeSerializerSnapshot<Object> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Object> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
