package dev.tributary.app.it;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Two source tables for the postgres-cdc crash tests, and a background writer that changes them.
 *
 * <p>{@code accounts (id)} and {@code lines (order_id, line_no)} (a composite key) both carry a
 * {@code version} column: an insert writes version 1 and every update adds one, and deleted keys
 * are never inserted again. So each change of a key is identified by (key, version, op), which is
 * what {@link CdcHistory} checks the append history with. Both tables have {@code REPLICA IDENTITY
 * FULL}, so a delete carries the version of the row it removed.
 *
 * <p>The writer runs one transaction at a time from one thread, with a short pause between
 * transactions so that the source changes at a steady pace while the pipeline is killed and
 * restarted. {@link #events()} counts the rows changed by committed transactions: the number of
 * change events the slot holds for them.
 */
final class CdcWorkload implements AutoCloseable {
    static final String ACCOUNTS_MIRROR =
            "SELECT id, version, balance, note FROM accounts ORDER BY id";
    static final String LINES_MIRROR =
            "SELECT order_id, line_no, version, qty FROM lines ORDER BY order_id, line_no";

    private final Services services;
    private final String database;
    private final SplittableRandom random;
    private final int initialAccounts;
    private final int initialOrders;
    private final List<Long> accounts = new ArrayList<>();
    private final List<int[]> lines = new ArrayList<>();
    private final AtomicLong events = new AtomicLong();
    private long nextAccount;
    private int nextOrder;
    private volatile boolean stopping;
    private volatile Throwable failure;
    private Thread writer;

    private CdcWorkload(
            Services services, String database, SplittableRandom random, int accounts, int orders) {
        this.services = services;
        this.database = database;
        this.random = random;
        this.initialAccounts = accounts;
        this.initialOrders = orders;
    }

    /**
     * Creates the tables in {@code database} with {@code accounts} accounts and three lines for
     * each of {@code orders} orders.
     */
    static CdcWorkload create(
            Services services, String database, int accounts, int orders, SplittableRandom random)
            throws SQLException {
        try (Connection c = services.connect(database);
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE accounts (id bigint PRIMARY KEY, version int NOT NULL,"
                            + " balance numeric(12,2) NOT NULL, note text)");
            s.execute("ALTER TABLE accounts REPLICA IDENTITY FULL");
            s.execute(
                    "INSERT INTO accounts SELECT g, 1, (g % 1000) * 1.25, 'account ' || g"
                            + " FROM generate_series(1, "
                            + accounts
                            + ") g");
            s.execute(
                    "CREATE TABLE lines (order_id int, line_no int, version int NOT NULL,"
                            + " qty int NOT NULL, PRIMARY KEY (order_id, line_no))");
            s.execute("ALTER TABLE lines REPLICA IDENTITY FULL");
            s.execute(
                    "INSERT INTO lines SELECT o, l, 1, l FROM generate_series(1, "
                            + orders
                            + ") o, generate_series(1, 3) l");
            s.execute("ANALYZE accounts");
            s.execute("ANALYZE lines");
        }
        CdcWorkload w = new CdcWorkload(services, database, random, accounts, orders);
        for (long id = 1; id <= accounts; id++) {
            w.accounts.add(id);
        }
        for (int o = 1; o <= orders; o++) {
            for (int l = 1; l <= 3; l++) {
                w.lines.add(new int[] {o, l});
            }
        }
        w.nextAccount = accounts + 1L;
        w.nextOrder = orders + 1;
        return w;
    }

    /** Rows in both tables before the writer started: what a snapshot reads without writes. */
    long initialRows() {
        return initialAccounts + 3L * initialOrders;
    }

    int initialAccounts() {
        return initialAccounts;
    }

    int initialOrders() {
        return initialOrders;
    }

    /** Starts the writer; {@code pause} between transactions sets the pace. */
    void start(Duration pause) {
        long pauseNanos = pause.toNanos();
        writer =
                new Thread(
                        () -> {
                            try {
                                write(pauseNanos);
                            } catch (Throwable e) {
                                failure = e;
                            }
                        },
                        "cdc-workload-" + database);
        writer.setDaemon(true);
        writer.start();
    }

    /** Change events committed so far. */
    long events() {
        return events.get();
    }

    /** Stops the writer after its current transaction; throws if it failed. */
    void stop() throws InterruptedException {
        stopping = true;
        if (writer != null) {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }
        if (failure != null) {
            throw new IllegalStateException("the workload failed", failure);
        }
    }

    /** True while the writer runs (or was never started); false once it failed. */
    boolean healthy() {
        return failure == null;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        if (writer != null) {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    private void write(long pauseNanos) throws SQLException {
        try (Connection c = services.connect(database);
                PreparedStatement insertAccount =
                        c.prepareStatement("INSERT INTO accounts VALUES (?, 1, ?, ?)");
                PreparedStatement updateAccount =
                        c.prepareStatement(
                                "UPDATE accounts SET version = version + 1, balance = balance + ?,"
                                        + " note = ? WHERE id = ?");
                PreparedStatement updateAccounts =
                        c.prepareStatement(
                                "UPDATE accounts SET version = version + 1, balance = balance + 1"
                                        + " WHERE id BETWEEN ? AND ?");
                PreparedStatement deleteAccount =
                        c.prepareStatement("DELETE FROM accounts WHERE id = ?");
                PreparedStatement insertOrder =
                        c.prepareStatement(
                                "INSERT INTO lines VALUES (?, 1, 1, ?), (?, 2, 1, ?), (?, 3, 1, ?)");
                PreparedStatement updateLine =
                        c.prepareStatement(
                                "UPDATE lines SET version = version + 1, qty = qty + ?"
                                        + " WHERE order_id = ? AND line_no = ?");
                PreparedStatement deleteLine =
                        c.prepareStatement(
                                "DELETE FROM lines WHERE order_id = ? AND line_no = ?")) {
            c.setAutoCommit(false);
            long transaction = 0;
            while (!stopping) {
                int steps = 1 + random.nextInt(4);
                long changed = 0;
                for (int i = 0; i < steps; i++) {
                    int pick = random.nextInt(100);
                    if (pick < 25 || accounts.isEmpty() || lines.isEmpty()) {
                        long id = nextAccount++;
                        insertAccount.setLong(1, id);
                        insertAccount.setBigDecimal(
                                2, BigDecimal.valueOf(random.nextInt(100_000), 2));
                        insertAccount.setString(3, "new " + id);
                        changed += insertAccount.executeUpdate();
                        accounts.add(id);
                    } else if (pick < 50) {
                        updateAccount.setBigDecimal(1, BigDecimal.valueOf(random.nextInt(1000), 2));
                        updateAccount.setString(2, "t" + transaction);
                        updateAccount.setLong(3, accounts.get(random.nextInt(accounts.size())));
                        changed += updateAccount.executeUpdate();
                    } else if (pick < 55) {
                        long from = accounts.get(random.nextInt(accounts.size()));
                        updateAccounts.setLong(1, from);
                        updateAccounts.setLong(2, from + 9);
                        changed += updateAccounts.executeUpdate();
                    } else if (pick < 62) {
                        deleteAccount.setLong(1, takeRandom(accounts));
                        changed += deleteAccount.executeUpdate();
                    } else if (pick < 72) {
                        int order = nextOrder++;
                        for (int l = 0; l < 3; l++) {
                            insertOrder.setInt(2 * l + 1, order);
                            insertOrder.setInt(2 * l + 2, 1 + random.nextInt(9));
                            lines.add(new int[] {order, l + 1});
                        }
                        changed += insertOrder.executeUpdate();
                    } else if (pick < 92) {
                        int[] line = lines.get(random.nextInt(lines.size()));
                        updateLine.setInt(1, 1 + random.nextInt(5));
                        updateLine.setInt(2, line[0]);
                        updateLine.setInt(3, line[1]);
                        changed += updateLine.executeUpdate();
                    } else {
                        int[] line = takeRandom(lines);
                        deleteLine.setInt(1, line[0]);
                        deleteLine.setInt(2, line[1]);
                        changed += deleteLine.executeUpdate();
                    }
                }
                c.commit();
                events.addAndGet(changed);
                transaction++;
                // Pacing, not waiting for anything: the source changes at a steady rate while the
                // pipeline is killed and restarted, instead of racing ahead of it.
                LockSupport.parkNanos(pauseNanos);
            }
        }
    }

    private <T> T takeRandom(List<T> list) {
        int i = random.nextInt(list.size());
        T taken = list.get(i);
        list.set(i, list.get(list.size() - 1));
        list.remove(list.size() - 1);
        return taken;
    }
}
