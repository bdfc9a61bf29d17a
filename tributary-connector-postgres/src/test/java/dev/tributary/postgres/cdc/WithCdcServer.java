package dev.tributary.postgres.cdc;

import dev.tributary.embedded.EmbeddedDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One embedded PostgreSQL (wal_level=logical) per test class, with a {@link CdcHarness} that runs
 * postgres-cdc pipelines against it; each test makes its own databases on it.
 */
abstract class WithCdcServer {
    @TempDir static Path dataDir;
    static EmbeddedDatabase server;
    static CdcHarness harness;

    @BeforeAll
    static void startServer() {
        server = EmbeddedDatabase.start(dataDir);
        harness = new CdcHarness(server);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }
}
