package dev.tributary.app.demo;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the shop busy at a steady rate of transactions: new orders with their items, status
 * changes, price and customer updates, new customers, and deleted orders (their items go with them
 * through the foreign key's cascade). Deterministic by seed; runs on its own thread until {@link
 * #stop()}.
 */
public final class ShopWorkload implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShopWorkload.class);

    static final String INSERT_CUSTOMER =
            "INSERT INTO customers (id, email, name, country, tags, created_at) VALUES (?, ?, ?, ?,"
                    + " ?::text[], ?)";

    private final Connection connection;
    private final ShopState state;
    private final SplittableRandom random;
    private final double perSecond;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong rowChanges = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception failure;

    private ShopWorkload(Connection connection, ShopState state, long seed, double perSecond) {
        this.connection = connection;
        this.state = state;
        this.random = new SplittableRandom(seed);
        this.perSecond = perSecond;
        this.thread = new Thread(this::run, "demo-workload");
        this.thread.setDaemon(true);
    }

    /** Starts the workload on {@code connection} (which it owns from now on). */
    public static ShopWorkload start(
            Connection connection, ShopState state, long seed, double transactionsPerSecond) {
        ShopWorkload w = new ShopWorkload(connection, state, seed, transactionsPerSecond);
        w.thread.start();
        return w;
    }

    /** Transactions committed so far. */
    public long transactions() {
        return transactions.get();
    }

    /** Rows inserted, updated or deleted so far (cascaded item deletes counted). */
    public long rowChanges() {
        return rowChanges.get();
    }

    /** The failure that stopped the workload, or null. */
    public Exception failure() {
        return failure;
    }

    private void run() {
        long started = System.nanoTime();
        long done = 0;
        try {
            connection.setAutoCommit(false);
            while (running) {
                long due = started + (long) (done * 1_000_000_000L / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                    continue;
                }
                rowChanges.addAndGet(step());
                connection.commit();
                transactions.incrementAndGet();
                done++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e;
            LOG.error("the demo workload stopped: {}", e.toString());
        }
    }

    /** One transaction's statements; returns the rows it changed. */
    private int step() throws SQLException {
        int dice = random.nextInt(100);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (dice < 35 || !state.hasOrders()) {
            return insertOrder(connection, state, random, now);
        }
        if (dice < 60) {
            return update(
                    "UPDATE orders SET status = (CASE status WHEN 'new' THEN 'paid' WHEN 'paid'"
                            + " THEN 'shipped' ELSE status END) WHERE id = ?",
                    state.anyOrder(random));
        }
        if (dice < 70) {
            try (PreparedStatement ps =
                    connection.prepareStatement(
                            "UPDATE products SET price = ?, updated_at = ? WHERE id = ?")) {
                ps.setBigDecimal(1, price(random));
                ps.setObject(2, LocalDateTime.now());
                ps.setInt(3, 1 + random.nextInt(ShopState.PRODUCTS));
                return ps.executeUpdate();
            }
        }
        if (dice < 80) {
            try (PreparedStatement ps =
                    connection.prepareStatement(
                            "UPDATE customers SET name = name || '.', tags = ?::text[] WHERE id ="
                                    + " ?")) {
                ps.setArray(1, tags(connection, random));
                ps.setLong(2, 1 + random.nextLong(state.customers()));
                return ps.executeUpdate();
            }
        }
        if (dice < 87) {
            try (PreparedStatement ps = connection.prepareStatement(INSERT_CUSTOMER)) {
                bindCustomer(ps, state.nextCustomer(), random, now);
                return ps.executeUpdate();
            }
        }
        if (dice < 94) {
            try (PreparedStatement ps =
                    connection.prepareStatement(
                            "UPDATE orders SET status = 'cancelled', note = ? WHERE id = ?")) {
                ps.setString(1, "cancelled by the customer at " + now);
                ps.setLong(2, state.anyOrder(random));
                return ps.executeUpdate();
            }
        }
        long order = state.removeOrder(random);
        int items;
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT count(*) FROM order_items WHERE order_id = ?")) {
            ps.setLong(1, order);
            try (var rs = ps.executeQuery()) {
                rs.next();
                items = rs.getInt(1);
            }
        }
        return items + update("DELETE FROM orders WHERE id = ?", order);
    }

    private int update(String sql, long id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, id);
            return ps.executeUpdate();
        }
    }

    /** Inserts an order with one to four items; returns the rows inserted. */
    static int insertOrder(
            Connection c, ShopState state, SplittableRandom random, OffsetDateTime at)
            throws SQLException {
        long order = state.nextOrder();
        int lines = 1 + random.nextInt(4);
        BigDecimal total = BigDecimal.ZERO;
        List<BigDecimal> prices = new ArrayList<>(lines);
        List<Integer> quantities = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            BigDecimal p = price(random);
            int q = 1 + random.nextInt(5);
            prices.add(p);
            quantities.add(q);
            total = total.add(p.multiply(BigDecimal.valueOf(q)));
        }
        try (PreparedStatement ps =
                c.prepareStatement(
                        "INSERT INTO orders (id, customer_id, status, total, ordered_at, note)"
                                + " VALUES (?, ?, 'new', ?, ?, ?)")) {
            ps.setLong(1, order);
            ps.setLong(2, 1 + random.nextLong(state.customers()));
            ps.setBigDecimal(3, total);
            ps.setObject(4, at);
            ps.setString(5, random.nextInt(4) == 0 ? "gift wrap, please" : null);
            ps.executeUpdate();
        }
        try (PreparedStatement ps =
                c.prepareStatement(
                        "INSERT INTO order_items (order_id, line, product_id, quantity, price)"
                                + " VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < lines; i++) {
                ps.setLong(1, order);
                ps.setInt(2, i + 1);
                ps.setInt(3, 1 + random.nextInt(ShopState.PRODUCTS));
                ps.setInt(4, quantities.get(i));
                ps.setBigDecimal(5, prices.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return 1 + lines;
    }

    static void bindCustomer(
            PreparedStatement ps, long id, SplittableRandom random, OffsetDateTime at)
            throws SQLException {
        ps.setLong(1, id);
        ps.setString(2, "customer" + id + "@example.com");
        ps.setString(3, "Customer " + id);
        ps.setString(4, ShopSchema.COUNTRIES.get(random.nextInt(ShopSchema.COUNTRIES.size())));
        ps.setString(5, tagsLiteral(random));
        ps.setObject(6, at);
    }

    private static Array tags(Connection c, SplittableRandom random) throws SQLException {
        return c.createArrayOf("text", tagList(random).toArray());
    }

    private static String tagsLiteral(SplittableRandom random) {
        return "{" + String.join(",", tagList(random)) + "}";
    }

    private static List<String> tagList(SplittableRandom random) {
        List<String> tags = new ArrayList<>();
        for (String t : ShopSchema.TAGS) {
            if (random.nextInt(3) == 0) {
                tags.add(t);
            }
        }
        return tags;
    }

    static BigDecimal price(SplittableRandom random) {
        return BigDecimal.valueOf(99 + random.nextInt(99_900), 2);
    }

    /** Stops the thread, waits for it, and closes the connection. */
    public void stop() throws InterruptedException {
        running = false;
        thread.join(10_000);
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the workload connection: {}", e.toString());
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
