package dev.tributary.embedded;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The loopback ports of one broker start: its plain-text listener, its controller, and the SASL and
 * TLS listeners when its settings ask for them (-1 otherwise). All distinct.
 */
record BrokerPorts(int plain, int controller, int sasl, int tls) {

    /** Free ports for the listeners {@code settings} needs. */
    static BrokerPorts pick(BrokerSettings settings) {
        Set<Integer> taken = new HashSet<>();
        int plain = distinct(taken);
        int controller = distinct(taken);
        int sasl = settings.hasSaslListener() ? distinct(taken) : -1;
        int tls = settings.tls() != null ? distinct(taken) : -1;
        return new BrokerPorts(plain, controller, sasl, tls);
    }

    private static int distinct(Set<Integer> taken) {
        int port = FreePorts.pick();
        while (!taken.add(port)) {
            port = FreePorts.pick();
        }
        return port;
    }

    /** Whether one of the ports cannot be bound right now: someone took it after the pick. */
    boolean anyTaken() {
        return IntStream.of(plain, controller, sasl, tls)
                .filter(p -> p > 0)
                .anyMatch(p -> !FreePorts.isFree(p));
    }

    @Override
    public String toString() {
        return plain + "/" + controller + (sasl > 0 ? "/" + sasl : "") + (tls > 0 ? "/" + tls : "");
    }
}
