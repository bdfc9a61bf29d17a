package dev.tributary.app.bench;

/**
 * The Kafka Connect schemas that JsonConverter writes with {@code schemas.enable=true} for the
 * orders table as Debezium's PostgreSQL connector (2.x) captures it: key, value envelope, source
 * block. Text only; the same for every record of a topic.
 */
final class DebeziumSchemas {
    private DebeziumSchemas() {}

    /** The key schema of {@code <topic>}: a struct with the int64 {@code id}. */
    static String key(String topic) {
        return "{\"type\":\"struct\",\"fields\":[{\"type\":\"int64\",\"optional\":false,\"field\":\"id\"}],"
                + "\"optional\":false,\"name\":\""
                + topic
                + ".Key\"}";
    }

    /** The envelope schema of {@code <topic>}: before, after, source, op, ts_ms, transaction. */
    static String value(String topic) {
        String row = rowFields();
        return "{\"type\":\"struct\",\"fields\":["
                + "{\"type\":\"struct\",\"fields\":["
                + row
                + "],\"optional\":true,\"name\":\""
                + topic
                + ".Value\",\"field\":\"before\"},"
                + "{\"type\":\"struct\",\"fields\":["
                + row
                + "],\"optional\":true,\"name\":\""
                + topic
                + ".Value\",\"field\":\"after\"},"
                + source()
                + ","
                + "{\"type\":\"string\",\"optional\":false,\"field\":\"op\"},"
                + "{\"type\":\"int64\",\"optional\":true,\"field\":\"ts_ms\"},"
                + "{\"type\":\"struct\",\"fields\":["
                + "{\"type\":\"string\",\"optional\":false,\"field\":\"id\"},"
                + "{\"type\":\"int64\",\"optional\":false,\"field\":\"total_order\"},"
                + "{\"type\":\"int64\",\"optional\":false,\"field\":\"data_collection_order\"}],"
                + "\"optional\":true,\"name\":\"event.block\",\"version\":1,\"field\":\"transaction\"}],"
                + "\"optional\":false,\"name\":\""
                + topic
                + ".Envelope\",\"version\":1}";
    }

    private static String rowFields() {
        return "{\"type\":\"int64\",\"optional\":false,\"field\":\"id\"},"
                + "{\"type\":\"int64\",\"optional\":true,\"field\":\"customer_id\"},"
                + "{\"type\":\"string\",\"optional\":true,\"field\":\"status\"},"
                + "{\"type\":\"bytes\",\"optional\":true,\"name\":\"org.apache.kafka.connect.data.Decimal\","
                + "\"version\":1,\"parameters\":{\"scale\":\"2\",\"connect.decimal.precision\":\"12\"},"
                + "\"field\":\"amount\"},"
                + "{\"type\":\"int32\",\"optional\":true,\"field\":\"quantity\"},"
                + "{\"type\":\"int16\",\"optional\":true,\"field\":\"priority\"},"
                + "{\"type\":\"boolean\",\"optional\":true,\"field\":\"paid\"},"
                + "{\"type\":\"string\",\"optional\":true,\"field\":\"note\"},"
                + "{\"type\":\"int64\",\"optional\":true,\"name\":\"io.debezium.time.MicroTimestamp\","
                + "\"version\":1,\"field\":\"created_at\"},"
                + "{\"type\":\"string\",\"optional\":true,\"name\":\"io.debezium.time.ZonedTimestamp\","
                + "\"version\":1,\"field\":\"updated_at\"}";
    }

    private static String source() {
        return "{\"type\":\"struct\",\"fields\":["
                + "{\"type\":\"string\",\"optional\":false,\"field\":\"version\"},"
                + "{\"type\":\"string\",\"optional\":false,\"field\":\"connector\"},"
                + "{\"type\":\"string\",\"optional\":false,\"field\":\"name\"},"
                + "{\"type\":\"int64\",\"optional\":false,\"field\":\"ts_ms\"},"
                + "{\"type\":\"string\",\"optional\":true,\"name\":\"io.debezium.data.Enum\",\"version\":1,"
                + "\"parameters\":{\"allowed\":\"true,last,false,incremental\"},\"default\":\"false\","
                + "\"field\":\"snapshot\"},"
                + "{\"type\":\"string\",\"optional\":false,\"field\":\"db\"},"
                + "{\"type\":\"string\",\"optional\":true,\"field\":\"sequence\"},"
                + "{\"type\":\"string\",\"optional\":false,\"field\":\"schema\"},"
                + "{\"type\":\"string\",\"optional\":false,\"field\":\"table\"},"
                + "{\"type\":\"int64\",\"optional\":true,\"field\":\"txId\"},"
                + "{\"type\":\"int64\",\"optional\":true,\"field\":\"lsn\"},"
                + "{\"type\":\"int64\",\"optional\":true,\"field\":\"xmin\"}],"
                + "\"optional\":false,\"name\":\"io.debezium.connector.postgresql.Source\",\"field\":\"source\"}";
    }
}
