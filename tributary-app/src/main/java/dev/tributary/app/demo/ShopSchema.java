package dev.tributary.app.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The demo's source database: a small shop (customers, products, orders, order items) whose columns
 * cover the types users meet most (numeric with scale, timestamptz, timestamp, uuid, jsonb, an
 * enum, a text array, a composite key), seeded with a few thousand rows, deterministic by seed.
 */
public final class ShopSchema {
    /** The tables the demo captures, in creation order. */
    public static final List<String> TABLES =
            List.of("customers", "products", "orders", "order_items");

    static final List<String> COUNTRIES = List.of("DE", "FR", "NL", "US", "JP", "BR", "IN");
    static final List<String> TAGS = List.of("vip", "newsletter", "b2b", "returning", "student");

    private static final String[] DDL = {
        "CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled')",
        "CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, name text NOT NULL,"
                + " country char(2), tags text[], created_at timestamptz NOT NULL)",
        "CREATE TABLE products (id integer PRIMARY KEY, sku uuid NOT NULL, name varchar(100) NOT"
                + " NULL, price numeric(10,2) NOT NULL, attributes jsonb, updated_at timestamp NOT"
                + " NULL)",
        "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES"
                + " customers, status order_status NOT NULL, total numeric(12,2) NOT NULL,"
                + " ordered_at timestamptz NOT NULL, note text)",
        "CREATE TABLE order_items (order_id bigint NOT NULL REFERENCES orders ON DELETE CASCADE,"
                + " line integer NOT NULL, product_id integer NOT NULL REFERENCES products,"
                + " quantity integer NOT NULL, price numeric(10,2) NOT NULL, PRIMARY KEY (order_id,"
                + " line))"
    };

    private ShopSchema() {}

    /**
     * Creates the tables and seeds them: {@code customers} customers, 200 products, and twice as
     * many orders as customers with one to four items each.
     */
    public static ShopState create(Connection c, int customers, long seed) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String ddl : DDL) {
                s.execute(ddl);
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        ShopState state = new ShopState();
        OffsetDateTime start = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement(ShopWorkload.INSERT_CUSTOMER)) {
            for (int i = 0; i < customers; i++) {
                ShopWorkload.bindCustomer(ps, state.nextCustomer(), random, start.plusMinutes(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps =
                c.prepareStatement(
                        "INSERT INTO products (id, sku, name, price, attributes, updated_at)"
                                + " VALUES (?, ?, ?, ?, ?::jsonb, ?)")) {
            for (int i = 1; i <= ShopState.PRODUCTS; i++) {
                ps.setInt(1, i);
                ps.setObject(2, new UUID(seed, i));
                ps.setString(3, "Product " + i);
                ps.setBigDecimal(4, ShopWorkload.price(random));
                ps.setString(
                        5,
                        "{\"colour\": \""
                                + List.of("red", "green", "blue").get(i % 3)
                                + "\", \"weight_g\": "
                                + (100 + random.nextInt(900))
                                + "}");
                ps.setObject(6, LocalDateTime.of(2026, 1, 1, 0, 0).plusHours(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        for (int i = 0; i < customers * 2; i++) {
            ShopWorkload.insertOrder(c, state, random, start.plusMinutes(i));
        }
        c.commit();
        return state;
    }
}
