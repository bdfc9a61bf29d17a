package dev.tributary.kafka.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.kafka.KafkaRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds records shaped like Debezium's PostgreSQL connector output through Kafka's JsonConverter:
 * compact JSON, schema first, field schemas as {@code {"type","optional","name","version",
 * "parameters","field"}}, the Envelope with before, after, source, op, ts_ms and transaction.
 */
final class Debezium {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOPIC = "shop.public.orders";
    static final long SOURCE_TS = 1_710_498_645_000L;
    static final long EVENT_TS = 1_710_498_645_500L;

    private Debezium() {}

    static ObjectNode field(String name, String type, boolean optional) {
        ObjectNode f = JSON.createObjectNode();
        f.put("type", type);
        f.put("optional", optional);
        f.put("field", name);
        return f;
    }

    static ObjectNode logical(String name, String type, String logical, boolean optional) {
        ObjectNode f = JSON.createObjectNode();
        f.put("type", type);
        f.put("optional", optional);
        f.put("name", logical);
        f.put("version", 1);
        f.put("field", name);
        return f;
    }

    static ObjectNode decimal(String name, int precision, int scale, boolean optional) {
        ObjectNode f = JSON.createObjectNode();
        f.put("type", "bytes");
        f.put("optional", optional);
        f.put("name", "org.apache.kafka.connect.data.Decimal");
        f.put("version", 1);
        ObjectNode parameters = f.putObject("parameters");
        parameters.put("scale", String.valueOf(scale));
        parameters.put("connect.decimal.precision", String.valueOf(precision));
        f.put("field", name);
        return f;
    }

    static ObjectNode variableScaleDecimal(String name) {
        ObjectNode f = JSON.createObjectNode();
        f.put("type", "struct");
        ArrayNode fields = f.putArray("fields");
        fields.add(field("scale", "int32", false));
        fields.add(field("value", "bytes", false));
        f.put("optional", true);
        f.put("name", "io.debezium.data.VariableScaleDecimal");
        f.put("version", 1);
        f.put("doc", "Variable scaled decimal");
        f.put("field", name);
        return f;
    }

    static ObjectNode struct(String name, String field, boolean optional, List<ObjectNode> fields) {
        ObjectNode s = JSON.createObjectNode();
        s.put("type", "struct");
        s.putArray("fields").addAll(fields);
        s.put("optional", optional);
        s.put("name", name);
        if (field != null) {
            s.put("field", field);
        }
        return s;
    }

    static ObjectNode sourceSchema() {
        ObjectNode snapshot = logical("snapshot", "string", "io.debezium.data.Enum", true);
        snapshot.remove("field");
        snapshot.putObject("parameters").put("allowed", "true,last,false,incremental");
        snapshot.put("default", "false");
        snapshot.put("field", "snapshot");
        return struct(
                "io.debezium.connector.postgresql.Source",
                "source",
                false,
                List.of(
                        field("version", "string", false),
                        field("connector", "string", false),
                        field("name", "string", false),
                        field("ts_ms", "int64", false),
                        snapshot,
                        field("db", "string", false),
                        field("sequence", "string", true),
                        field("schema", "string", false),
                        field("table", "string", false),
                        field("txId", "int64", true),
                        field("lsn", "int64", true),
                        field("xmin", "int64", true)));
    }

    /** The value schema of a table whose row struct has {@code columns}. */
    static ObjectNode valueSchema(String topic, List<ObjectNode> columns) {
        ObjectNode transaction =
                struct(
                        "event.block",
                        "transaction",
                        true,
                        List.of(
                                field("id", "string", false),
                                field("total_order", "int64", false),
                                field("data_collection_order", "int64", false)));
        transaction.put("version", 1);
        ObjectNode envelope =
                struct(
                        topic + ".Envelope",
                        null,
                        false,
                        List.of(
                                struct(topic + ".Value", "before", true, columns),
                                struct(topic + ".Value", "after", true, columns),
                                sourceSchema(),
                                field("op", "string", false),
                                field("ts_ms", "int64", true),
                                transaction));
        envelope.put("version", 1);
        return envelope;
    }

    static ObjectNode keySchema(String topic, List<ObjectNode> fields) {
        return struct(topic + ".Key", null, false, fields);
    }

    static ObjectNode source(String table) {
        ObjectNode s = JSON.createObjectNode();
        s.put("version", "2.7.3.Final");
        s.put("connector", "postgresql");
        s.put("name", "shop");
        s.put("ts_ms", SOURCE_TS);
        s.put("snapshot", "false");
        s.put("db", "shop");
        s.put("sequence", "[\"24023128\",\"24023128\"]");
        s.put("schema", "public");
        s.put("table", table);
        s.put("txId", 555);
        s.put("lsn", 24023128);
        s.putNull("xmin");
        return s;
    }

    /** A change event payload; before/after may be null. */
    static ObjectNode payload(String op, JsonNode before, JsonNode after) {
        ObjectNode p = JSON.createObjectNode();
        p.set("before", before);
        p.set("after", after);
        p.set("source", source("orders"));
        p.put("op", op);
        p.put("ts_ms", EVENT_TS);
        p.putNull("transaction");
        return p;
    }

    static ObjectNode row(Object... namesAndValues) {
        ObjectNode r = JSON.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            r.set((String) namesAndValues[i], JSON.valueToTree(namesAndValues[i + 1]));
        }
        return r;
    }

    static String envelope(JsonNode schema, JsonNode payload) {
        ObjectNode e = JSON.createObjectNode();
        e.set("schema", schema);
        e.set("payload", payload);
        return e.toString();
    }

    static KafkaRecord record(String key, String value) {
        return record(TOPIC, 0, 42, key, value);
    }

    static KafkaRecord record(String topic, int partition, long offset, String key, String value) {
        return new KafkaRecord(
                topic, partition, offset, 1_710_498_646_000L, bytes(key), bytes(value));
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
