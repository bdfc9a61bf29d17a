package dev.tributary.app.it;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gives each end-to-end test class its own Kafka broker and PostgreSQL, under its own directory.
 */
abstract class WithServices {
    @TempDir static Path dir;

    static Services services;

    @BeforeAll
    static void startServices() {
        services = new Services(dir);
    }

    @AfterAll
    static void stopServices() {
        if (services != null) {
            services.close();
        }
    }
}
