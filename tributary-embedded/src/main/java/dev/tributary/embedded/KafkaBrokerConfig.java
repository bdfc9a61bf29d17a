package dev.tributary.embedded;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import kafka.server.KafkaConfig;

/** The configuration of a single-node KRaft broker that also is its own controller. */
final class KafkaBrokerConfig {

    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private KafkaBrokerConfig() {}

    /** Builds the broker configuration for the given ports and log directory. */
    static KafkaConfig create(Path logDir, BrokerPorts ports, BrokerSettings settings) {
        String host = FreePorts.LOOPBACK;
        Map<String, Object> props = new HashMap<>();
        StringBuilder advertised = new StringBuilder("PLAINTEXT://" + host + ":" + ports.plain());
        if (settings.hasSaslListener()) {
            advertised.append(",SASL_PLAINTEXT://").append(host).append(':').append(ports.sasl());
            props.put("sasl.enabled.mechanisms", "PLAIN");
            props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas(settings));
        }
        if (settings.tls() != null) {
            advertised.append(",SSL://").append(host).append(':').append(ports.tls());
            props.put("listener.name.ssl.ssl.keystore.type", "PKCS12");
            props.put(
                    "listener.name.ssl.ssl.keystore.location",
                    settings.tls().path().toAbsolutePath().toString());
            props.put("listener.name.ssl.ssl.keystore.password", settings.tls().password());
            props.put("listener.name.ssl.ssl.key.password", settings.tls().password());
        }
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + ports.controller());
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", advertised + ",CONTROLLER://" + host + ":" + ports.controller());
        props.put("advertised.listeners", advertised.toString());
        props.put(
                "listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toAbsolutePath().toString());
        // One broker: internal topics cannot have more than one replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        // One partition each instead of 50: the broker creates an internal topic on its first use,
        // and 50 partitions take seconds and a log directory each.
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", String.valueOf(settings.createTopicsOnUse()));
        // Flink's exactly-once KafkaSink asks for a 1 h transaction timeout; the broker default
        // maximum (15 min) would make its producers fail in initTransactions().
        props.put("transaction.max.timeout.ms", "3600000");
        // The log cleaner allocates this buffer up front (128 MB by default) in every broker.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        // doLog=false: the full config dump at INFO is noise for an embedded broker.
        return new KafkaConfig(props, false);
    }

    /** The broker side of PLAIN: one {@code user_<name>="<password>"} per user. */
    private static String jaas(BrokerSettings settings) {
        StringBuilder b =
                new StringBuilder(
                        "org.apache.kafka.common.security.plain.PlainLoginModule required");
        settings.saslPlainUsers()
                .forEach(
                        (user, password) ->
                                b.append(" user_")
                                        .append(user)
                                        .append("=\"")
                                        .append(
                                                password.replace("\\", "\\\\")
                                                        .replace("\"", "\\\""))
                                        .append('"'));
        return b.append(';').toString();
    }
}
