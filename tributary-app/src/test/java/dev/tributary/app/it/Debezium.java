package dev.tributary.app.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds change events as Debezium's JsonConverter writes them, with or without the schema
 * envelope, for one table whose fields are declared with their Connect type and logical name.
 */
final class Debezium {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final String[] keyFields;
    private final Map<String, ObjectNode> fields = new LinkedHashMap<>();
    private boolean envelope = true;

    Debezium(String topic, String... keyFields) {
        this.topic = topic;
        this.keyFields = keyFields;
    }

    Debezium field(String name, String type, String logicalName, Map<String, String> parameters) {
        ObjectNode f =
                JSON.createObjectNode().put("type", type).put("optional", true).put("field", name);
        if (logicalName != null) {
            f.put("name", logicalName);
        }
        if (parameters != null) {
            ObjectNode p = f.putObject("parameters");
            parameters.forEach(p::put);
        }
        if (java.util.Arrays.asList(keyFields).contains(name)) {
            f.put("optional", false);
        }
        fields.put(name, f);
        return this;
    }

    Debezium field(String name, String type) {
        return field(name, type, null, null);
    }

    Debezium withoutEnvelope() {
        envelope = false;
        return this;
    }

    String key(Object... values) {
        ObjectNode payload = JSON.createObjectNode();
        ObjectNode schema =
                JSON.createObjectNode()
                        .put("type", "struct")
                        .put("optional", false)
                        .put("name", topic + ".Key");
        ArrayNode fs = schema.putArray("fields");
        for (int i = 0; i < keyFields.length; i++) {
            payload.set(keyFields[i], JSON.valueToTree(values[i]));
            fs.add(fields.get(keyFields[i]).deepCopy());
        }
        return wrap(schema, payload);
    }

    /**
     * A change event; {@code before}/{@code after} map field names to JSON values (null: absent).
     */
    String value(String op, Map<String, Object> before, Map<String, Object> after, long tsMs) {
        ObjectNode payload = JSON.createObjectNode();
        payload.set("before", before == null ? JSON.nullNode() : JSON.valueToTree(before));
        payload.set("after", after == null ? JSON.nullNode() : JSON.valueToTree(after));
        String[] parts = topic.split("\\.");
        payload.putObject("source")
                .put("version", "2.7.3.Final")
                .put("connector", "postgresql")
                .put("name", parts[0])
                .put("ts_ms", tsMs)
                .put("snapshot", op.equals("r") ? "true" : "false")
                .put("db", "shop")
                .put("schema", parts[1])
                .put("table", parts[2])
                .put("lsn", tsMs * 8);
        payload.put("op", op).put("ts_ms", tsMs + 5);
        payload.putNull("transaction");
        ObjectNode schema =
                JSON.createObjectNode()
                        .put("type", "struct")
                        .put("optional", false)
                        .put("name", topic + ".Envelope")
                        .put("version", 2);
        ArrayNode fs = schema.putArray("fields");
        fs.add(row("before"));
        fs.add(row("after"));
        fs.add(
                JSON.createObjectNode()
                        .put("type", "struct")
                        .put("optional", false)
                        .put("name", "io.debezium.connector.postgresql.Source")
                        .put("field", "source")
                        .set("fields", JSON.createArrayNode()));
        fs.add(
                JSON.createObjectNode()
                        .put("type", "string")
                        .put("optional", false)
                        .put("field", "op"));
        fs.add(
                JSON.createObjectNode()
                        .put("type", "int64")
                        .put("optional", true)
                        .put("field", "ts_ms"));
        return wrap(schema, payload);
    }

    private ObjectNode row(String name) {
        ObjectNode s =
                JSON.createObjectNode()
                        .put("type", "struct")
                        .put("optional", true)
                        .put("name", topic + ".Value")
                        .put("field", name);
        ArrayNode fs = s.putArray("fields");
        fields.values().forEach(f -> fs.add(f.deepCopy()));
        return s;
    }

    private String wrap(ObjectNode schema, ObjectNode payload) {
        try {
            if (!envelope) {
                return JSON.writeValueAsString(payload);
            }
            ObjectNode root = JSON.createObjectNode();
            root.set("schema", schema);
            root.set("payload", payload);
            return JSON.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Shorthand for an ordered map of field values. */
    static Map<String, Object> row(Object... nameValuePairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            m.put((String) nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return m;
    }
}
