package dev.tributary.kafka.format;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.kafka.KafkaRecord;

/**
 * Turns one raw Kafka record into a change event. Instances keep caches and are not thread-safe:
 * each parallel instance of the decode operator creates its own in {@code open()}.
 */
public interface RecordDecoder {

    /**
     * Decodes {@code record}.
     *
     * @return the event, or null when the record is skipped by a documented rule (a tombstone, or a
     *     truncate with {@code truncate: skip})
     * @throws dev.tributary.api.error.DataException when the record cannot be decoded; its kind and
     *     message say what was wrong and where
     */
    ChangeEvent decode(KafkaRecord record);
}
