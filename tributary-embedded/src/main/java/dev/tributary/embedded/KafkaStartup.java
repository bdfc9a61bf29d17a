package dev.tributary.embedded;

import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Exit;

/**
 * Starts a {@link KafkaRaftServer} so that a fatal startup fault becomes an exception.
 *
 * <p>Kafka hands a controller startup failure (e.g. its port was taken after we picked it) to a
 * process-terminating fault handler, which halts the JVM: the test run or the application would
 * vanish with exit code 1. During {@code startup()} we swap Kafka's exit and halt procedures for
 * ones that throw; afterwards Kafka's defaults apply again.
 */
final class KafkaStartup {

    /** Serializes starts: the exit and halt procedures are global to the JVM. */
    private static final Object LOCK = new Object();

    private KafkaStartup() {}

    /**
     * Calls {@code server.startup()}.
     *
     * @throws RuntimeException what startup threw, or a {@link FatalFault} when Kafka asked to halt
     */
    static void run(KafkaRaftServer server) {
        synchronized (LOCK) {
            Exit.setHaltProcedure(KafkaStartup::fail);
            Exit.setExitProcedure(KafkaStartup::fail);
            try {
                server.startup();
            } finally {
                Exit.resetHaltProcedure();
                Exit.resetExitProcedure();
            }
        }
    }

    private static void fail(int status, String message) {
        throw new FatalFault(status, message);
    }

    /** Kafka asked to terminate the JVM during startup; the cause is in Kafka's ERROR log. */
    static final class FatalFault extends RuntimeException {
        FatalFault(int status, String message) {
            super(
                    "Kafka hit a fatal fault during startup and asked to stop the JVM with status "
                            + status
                            + (message == null ? "" : ": " + message)
                            + " (see the ERROR log above)");
        }
    }
}
