package dev.tributary.app.demo;

import dev.tributary.embedded.EmbeddedDatabase;
import dev.tributary.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The demo's embedded services: the shop's PostgreSQL, the warehouse PostgreSQL and the Kafka
 * broker, each under its own directory, and the variables the demo's pipeline files read.
 */
final class DemoServices implements AutoCloseable {
    static final String SHOP = "shop";
    static final String WAREHOUSE = "warehouse";

    final EmbeddedDatabase shop;
    final EmbeddedDatabase warehouse;
    final EmbeddedKafka kafka;

    private DemoServices(EmbeddedDatabase shop, EmbeddedDatabase warehouse, EmbeddedKafka kafka) {
        this.shop = shop;
        this.warehouse = warehouse;
        this.kafka = kafka;
    }

    static DemoServices start(Path dir) {
        EmbeddedDatabase shop = null;
        EmbeddedDatabase warehouse = null;
        try {
            shop = EmbeddedDatabase.start(dir.resolve("shop-postgres"));
            shop.createDatabase(SHOP);
            warehouse = EmbeddedDatabase.start(dir.resolve("warehouse-postgres"));
            warehouse.createDatabase(WAREHOUSE);
            EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
            return new DemoServices(shop, warehouse, kafka);
        } catch (RuntimeException e) {
            if (warehouse != null) {
                warehouse.close();
            }
            if (shop != null) {
                shop.close();
            }
            throw e;
        }
    }

    /** The values of the variables in examples/demo-*.yaml. */
    Map<String, String> variables(Path stateDir) {
        Map<String, String> v = new HashMap<>();
        v.put("DEMO_STATE", stateDir.toString());
        v.put("SHOP_HOST", "127.0.0.1");
        v.put("SHOP_PORT", String.valueOf(shop.port()));
        v.put("SHOP_DATABASE", SHOP);
        v.put("SHOP_USER", shop.user());
        v.put("SHOP_PASSWORD", shop.password());
        v.put("KAFKA", kafka.bootstrapServers());
        v.put("WAREHOUSE_URL", warehouse.jdbcUrl(WAREHOUSE));
        v.put("WAREHOUSE_USER", warehouse.user());
        v.put("WAREHOUSE_PASSWORD", warehouse.password());
        return v;
    }

    Connection connectShop() throws SQLException {
        return DriverManager.getConnection(shop.jdbcUrl(SHOP), shop.user(), shop.password());
    }

    Connection connectWarehouse() throws SQLException {
        return DriverManager.getConnection(
                warehouse.jdbcUrl(WAREHOUSE), warehouse.user(), warehouse.password());
    }

    /** What to type to look inside a database. */
    static String psql(EmbeddedDatabase db, String database) {
        return "psql -h 127.0.0.1 -p " + db.port() + " -U " + db.user() + " " + database;
    }

    @Override
    public void close() {
        kafka.close();
        warehouse.close();
        shop.close();
    }
}
