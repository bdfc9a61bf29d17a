package dev.tributary.kafka;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information for {@link KafkaRecord}, so Flink uses its own serializer and never Kryo. */
public final class KafkaRecordTypeInfo extends TypeInformation<KafkaRecord> {
    private static final long serialVersionUID = 1L;

    public static final KafkaRecordTypeInfo INSTANCE = new KafkaRecordTypeInfo();

    private KafkaRecordTypeInfo() {}

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
    public Class<KafkaRecord> getTypeClass() {
        return KafkaRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    @SuppressWarnings("deprecation")
    public TypeSerializer<KafkaRecord> createSerializer(ExecutionConfig config) {
        return KafkaRecordSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "KafkaRecord";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaRecordTypeInfo;
    }

    @Override
    public int hashCode() {
        return KafkaRecordTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof KafkaRecordTypeInfo;
    }
}
