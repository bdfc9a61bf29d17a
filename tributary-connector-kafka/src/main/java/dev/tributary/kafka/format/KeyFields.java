package dev.tributary.kafka.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The field names of a Debezium key schema, in key order, or why the schema is not a key. */
final class KeyFields {
    private final List<String> names;
    private final String error;

    private KeyFields(List<String> names, String error) {
        this.names = names;
        this.error = error;
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

    /** Why the key schema cannot be used, or null. */
    String error() {
        return error;
    }
}
