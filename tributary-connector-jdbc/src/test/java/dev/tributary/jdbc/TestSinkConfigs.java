package dev.tributary.jdbc;

import dev.tributary.api.event.TableId;
import java.time.Duration;
import java.util.Map;

/**
 * The sink configuration the tests share: sink {@code warehouse}, the default bookkeeping tables,
 * error table {@code tributary_errors}, tables created and evolved, upsert fill factor 80; the
 * connection and the retries are the test's.
 */
public final class TestSinkConfigs {
    private TestSinkConfigs() {}

    /** Pipeline {@code shop}, no driver properties, two retries 20 ms apart. */
    public static JdbcSinkConfig of(String url, String user, String password) {
        return of("shop", url, user, password, Map.of(), 2, Duration.ofMillis(20));
    }

    public static JdbcSinkConfig of(
            String pipeline,
            String url,
            String user,
            String password,
            Map<String, String> driverProperties,
            int maxRetries,
            Duration retryBackoff) {
        return new JdbcSinkConfig(
                pipeline,
                "warehouse",
                url,
                user,
                password,
                driverProperties,
                maxRetries,
                retryBackoff,
                TableId.parse("_tributary_commits"),
                TableId.parse("_tributary_status"),
                true,
                true,
                80,
                TableId.parse("tributary_errors"));
    }
}
