package dev.tributary.kafka;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Kafka client properties as the logs show them. Stateless. */
public final class ClientProperties {
    private ClientProperties() {}

    /** The properties sorted by key, with passwords, JAAS settings, secrets and keys masked. */
    public static Map<String, String> masked(Map<String, String> properties) {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach(
                (k, v) -> {
                    String key = k.toLowerCase(Locale.ROOT);
                    boolean secret =
                            key.contains("password")
                                    || key.contains("jaas")
                                    || key.contains("secret")
                                    || key.contains("token")
                                    || key.endsWith(".key");
                    shown.put(k, secret ? "****" : v);
                });
        return shown;
    }
}
