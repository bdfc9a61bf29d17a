package dev.tributary.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How an {@link EmbeddedKafka} broker differs from the default one, which only creates topics when
 * asked ({@link EmbeddedKafka#createTopic}) and only listens in plain text. Immutable.
 *
 * @param createTopicsOnUse whether a client's metadata request for a missing topic creates it (one
 *     partition), as a stock broker does: Debezium on Kafka Connect and most producers count on
 *     that
 * @param saslPlainUsers users and passwords of a listener that takes SASL/PLAIN logins; none when
 *     empty
 * @param tls the key store of a listener that speaks TLS, or null for none
 */
public record BrokerSettings(
        boolean createTopicsOnUse, Map<String, String> saslPlainUsers, KeyStore tls) {

    /** Topics made only when asked for, plain text only: what tests use. */
    public static final BrokerSettings DEFAULT = new BrokerSettings(false, Map.of(), null);

    /**
     * A PKCS#12 key store holding the broker's key and certificate.
     *
     * @param path the file
     * @param password the store's and the key's password
     */
    public record KeyStore(Path path, String password) {
        public KeyStore {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(password, "password");
        }
    }

    public BrokerSettings {
        saslPlainUsers = Map.copyOf(saslPlainUsers);
    }

    /** These settings, with topics created on their first use. */
    public BrokerSettings withTopicsCreatedOnUse() {
        return new BrokerSettings(true, saslPlainUsers, tls);
    }

    /** These settings, with a SASL/PLAIN listener that also takes {@code user}'s login. */
    public BrokerSettings withSaslPlainUser(String user, String password) {
        Map<String, String> users = new LinkedHashMap<>(saslPlainUsers);
        users.put(user, password);
        return new BrokerSettings(createTopicsOnUse, users, tls);
    }

    /** These settings, with a TLS listener presenting the key and certificate of {@code store}. */
    public BrokerSettings withTls(KeyStore store) {
        return new BrokerSettings(createTopicsOnUse, saslPlainUsers, store);
    }

    boolean hasSaslListener() {
        return !saslPlainUsers.isEmpty();
    }
}
