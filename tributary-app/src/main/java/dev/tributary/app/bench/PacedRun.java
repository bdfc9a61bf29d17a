package dev.tributary.app.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Measures end-to-end latency at a steady rate: inserts with ids 1..n are sent at {@code rate} per
 * second into a one-partition topic, while a poller reads {@code max(id)} of the target every
 * {@link #POLL_MILLIS} ms and notes when each id first became visible. Latency = visible − send; a
 * figure is late by at most one poll interval.
 */
final class PacedRun {
    static final int POLL_MILLIS = 20;

    /** The latencies, how many events were sent, and at what rate they actually went out. */
    record Result(Latencies latencies, long events, double achievedRate) {}

    private final String bootstrapServers;
    private final String topic;
    private final String target;
    private final boolean envelope;

    PacedRun(String bootstrapServers, String topic, String target, boolean envelope) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.target = target;
        this.envelope = envelope;
    }

    Result run(BenchDatabase database, int rate, int seconds, long seed, Duration settleTimeout)
            throws Exception {
        int n = Math.max(1, rate * seconds);
        long[] sent = new long[n + 1];
        long[] visible = new long[n + 1];
        AtomicReference<Exception> pollFailure = new AtomicReference<>();
        Thread poller =
                new Thread(() -> poll(database, n, visible, pollFailure), "bench-latency-poller");
        poller.setDaemon(true);
        poller.start();
        OrderWorkload inserts = new OrderWorkload(seed, n, n);
        DebeziumJsonEncoder encoder = new DebeziumJsonEncoder(topic, envelope);
        long start;
        long end;
        try (KafkaProducer<byte[], byte[]> producer = BenchProducers.paced(bootstrapServers)) {
            start = System.nanoTime();
            double intervalNanos = 1e9 / rate;
            for (int i = 1; i <= n; i++) {
                OrderChange change = inserts.next();
                byte[] key = encoder.key(change.id());
                byte[] value = encoder.value(change);
                long due = start + (long) ((i - 1) * intervalNanos);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                sent[i] = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, key, value));
            }
            producer.flush();
            end = System.nanoTime();
        }
        poller.join(settleTimeout.toMillis());
        if (poller.isAlive()) {
            poller.interrupt();
            throw new IllegalStateException(
                    "the paced run's last insert (id "
                            + n
                            + ") did not reach "
                            + target
                            + " within "
                            + settleTimeout.toSeconds()
                            + " s after the last send");
        }
        if (pollFailure.get() != null) {
            throw new IllegalStateException(
                    "polling " + target + " failed: " + pollFailure.get().getMessage(),
                    pollFailure.get());
        }
        long rows;
        try (Connection c = database.connect()) {
            rows = OrdersTable.count(c, target);
        }
        if (rows != n) {
            throw new IllegalStateException(
                    "after the paced run " + target + " has " + rows + " rows, expected " + n);
        }
        long[] latencies = new long[n];
        for (int i = 1; i <= n; i++) {
            latencies[i - 1] = visible[i] - sent[i];
        }
        return new Result(new Latencies(latencies), n, n * 1e9 / Math.max(1, end - start));
    }

    /** Runs on its own thread and connection until id {@code n} is visible. */
    private void poll(
            BenchDatabase database, int n, long[] visible, AtomicReference<Exception> failure) {
        try (Connection c = database.connect();
                Statement s = c.createStatement()) {
            long seen = 0;
            boolean exists = false;
            while (seen < n && !Thread.currentThread().isInterrupted()) {
                long at = System.nanoTime();
                exists = exists || OrdersTable.exists(c, target);
                long max = exists ? maxId(s) : 0;
                for (long id = seen + 1; id <= Math.min(max, n); id++) {
                    visible[(int) id] = at;
                }
                seen = Math.max(seen, max);
                LockSupport.parkNanos(POLL_MILLIS * 1_000_000L - (System.nanoTime() - at));
            }
        } catch (Exception e) {
            failure.set(e);
        }
    }

    private long maxId(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT coalesce(max(id), 0) FROM " + target)) {
            r.next();
            return r.getLong(1);
        }
    }
}
