package dev.tributary.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.app.cli.TributaryCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary services} starts Kafka and PostgreSQL, prints how to reach them, and stops on
 * SIGTERM.
 */
class ServicesCommandIT {
    @TempDir Path dir;

    @Test
    void printsSettingsThatReachRunningServicesAndStopsCleanly() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(TributaryCli.class.getName());
        cmd.add("services");
        cmd.add("--dir");
        cmd.add(dir.resolve("services").toString());
        Path out = dir.resolve("out.txt");
        Process p =
                new ProcessBuilder(cmd)
                        .redirectOutput(out.toFile())
                        .redirectError(dir.resolve("err.txt").toFile())
                        .start();
        try {
            await("settings printed")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> Files.readString(out).contains("Ctrl-C"));
            String text = Files.readString(out);
            Map<String, String> exports = exports(text);
            assertThat(exports).containsKeys("KAFKA", "WAREHOUSE_URL", "WAREHOUSE_USER");

            try (Connection c =
                            DriverManager.getConnection(
                                    exports.get("WAREHOUSE_URL"),
                                    exports.get("WAREHOUSE_USER"),
                                    "");
                    ResultSet rs = c.createStatement().executeQuery("SELECT current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("warehouse");
            }
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, exports.get("KAFKA"));
            try (Admin admin = Admin.create(props)) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }
        } finally {
            p.destroy(); // SIGTERM: the shutdown hook stops both services
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
        }
        assertThat(p.exitValue()).isIn(0, 143);
    }

    private static Map<String, String> exports(String text) {
        Matcher m = Pattern.compile("export (\\w+)=(\\S*)").matcher(text);
        Map<String, String> out = new java.util.HashMap<>();
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }
}
