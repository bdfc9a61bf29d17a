package dev.tributary.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an {@link EmbeddedKafka} broker differs from the default one, which only creates topics when
 * asked ({@link EmbeddedKafka#createTopic}) and only listens in plain text. Immutable.
 *
 * @param createTopicsOnUse whether a client's metadata request for a missing topic creates it (one
 *     partition), as a stock broker does: Debezium on Kafka Connect and most producers count on
 *     that
 * @param saslPlainUsers users and passwords of a second listener that takes SASL/PLAIN logins; none
 *     when empty
 */
public record BrokerSettings(boolean createTopicsOnUse, Map<String, String> saslPlainUsers) {

    /** Topics made only when asked for, plain text only: what tests use. */
    public static final BrokerSettings DEFAULT = new BrokerSettings(false, Map.of());

    public BrokerSettings {
        saslPlainUsers = Map.copyOf(saslPlainUsers);
    }

    /** These settings, with topics created on their first use. */
    public BrokerSettings withTopicsCreatedOnUse() {
        return new BrokerSettings(true, saslPlainUsers);
    }

    /** These settings, with a SASL/PLAIN listener that also takes {@code user}'s login. */
    public BrokerSettings withSaslPlainUser(String user, String password) {
        Map<String, String> users = new LinkedHashMap<>(saslPlainUsers);
        users.put(user, password);
        return new BrokerSettings(createTopicsOnUse, users);
    }

    boolean hasSaslListener() {
        return !saslPlainUsers.isEmpty();
    }
}
