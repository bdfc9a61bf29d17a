package dev.tributary.api.flink;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.ErrorRecord;
import dev.tributary.api.event.SinkRecord;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information for tributary's records (and, through {@link #of}, a connector's own immutable
 * records), so Flink uses their own serializers and never Kryo. Use the constants: {@code
 * env.fromSource(source, watermarks, name, EventTypeInfo.CHANGE_EVENT)}, {@code
 * .returns(EventTypeInfo.SINK_RECORD)}.
 */
public final class EventTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    public static final EventTypeInfo<ChangeEvent> CHANGE_EVENT =
            new EventTypeInfo<>(ChangeEvent.class, ChangeEventSerializer.INSTANCE);
    public static final EventTypeInfo<SinkRecord> SINK_RECORD =
            new EventTypeInfo<>(SinkRecord.class, SinkRecordSerializer.INSTANCE);
    public static final EventTypeInfo<ErrorRecord> ERROR_RECORD =
            new EventTypeInfo<>(ErrorRecord.class, ErrorRecordSerializer.INSTANCE);

    private final Class<T> type;
    private final TypeSerializer<T> serializer;

    private EventTypeInfo(Class<T> type, TypeSerializer<T> serializer) {
        this.type = type;
        this.serializer = serializer;
    }

    /**
     * Type information for another immutable record type with its own serializer (for connectors).
     */
    public static <T> EventTypeInfo<T> of(Class<T> type, TypeSerializer<T> serializer) {
        return new EventTypeInfo<>(type, serializer);
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    @SuppressWarnings("deprecation")
    public TypeSerializer<T> createSerializer(ExecutionConfig config) {
        return serializer;
    }

    @Override
    public String toString() {
        return type.getSimpleName();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventTypeInfo && ((EventTypeInfo<?>) o).type == type;
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof EventTypeInfo;
    }
}
