package dev.tributary.kafka.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The field names of a Debezium key schema, in key order, or why the schema is not a key. */
final class KeyFields {
    private final List<String> names;
    private final String error;

    /** Recognizes a payload of these fields without parsing it; null when none can. */
    private final FlatKeyText payload;

    private KeyFields(List<String> names, String error) {
        this.names = names;
        this.error = error;
        this.payload = error == null ? FlatKeyText.of(names) : null;
    }

    static KeyFields fromSchema(JsonNode schema) {
        String type = schema.path("type").asText("");
        if (!"struct".equals(type)) {
            return new KeyFields(List.of(), "the key schema is not a struct but '" + type + "'");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode f : schema.path("fields")) {
            String name = f.path("field").asText("");
            if (name.isEmpty()) {
                return new KeyFields(List.of(), "a field of the key schema has no 'field' name");
            }
            names.add(name.intern());
        }
        return new KeyFields(List.copyOf(names), null);
    }

    /** The key column names; empty when the key has no fields. */
    List<String> names() {
        return names;
    }

    /**
     * True when this schema is usable and {@code key}, from {@code afterSchema} on, is {@code
     * ,"payload":} with an object of these fields (scalar values) and the envelope's end: the key
     * then needs no parsing. False means "parse it", which also reports what is wrong with it.
     */
    boolean hasPayloadAt(byte[] key, int afterSchema) {
        if (payload == null) {
            return false;
        }
        int at = EnvelopeText.payloadAfter(key, afterSchema);
        int end = at < 0 ? -1 : payload.objectEnd(key, at);
        return end >= 0 && EnvelopeText.closesAt(key, end);
    }

    /** Why the key schema cannot be used, or null. */
    String error() {
        return error;
    }
}
