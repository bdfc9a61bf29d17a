package dev.tributary.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.app.cli.VerifyCommand;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code tributary verify -f} on a postgres-cdc → jdbc pipeline file: equal tables pass with exit
 * code 0; a row deleted and one changed by hand in the target are named by key, exit code 3.
 */
class VerifyCommandIT extends WithServices {

    @Test
    void findsRowsChangedByHandInTheTargetAndNamesTheirKeys() throws Exception {
        String shop = services.newDatabase("vshop");
        String warehouse = services.newDatabase("vwarehouse");
        for (String db : new String[] {shop, warehouse}) {
            services.execute(
                    db,
                    "CREATE TABLE orders (region text, id bigint, total numeric(10,2), placed"
                            + " timestamptz, PRIMARY KEY (region, id));"
                            + " INSERT INTO orders SELECT CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us'"
                            + " END, g, g * 1.5, timestamptz '2026-01-01 00:00Z' + g * interval '1"
                            + " minute' FROM generate_series(1, 5000) g");
        }
        services.execute(shop, "CREATE TABLE audit (id int PRIMARY KEY)");
        Path file = dir.resolve("verify.yaml");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "pipeline: { name: verify-me, state-dir: '" + dir.resolve("vstate") + "' }",
                        "sources:",
                        "  - name: shop",
                        "    type: postgres-cdc",
                        "    hostname: 127.0.0.1",
                        "    port: " + services.postgres.port(),
                        "    database: " + shop,
                        "    user: " + services.postgres.user(),
                        "    password: '" + services.postgres.password() + "'",
                        "    tables.include: [ 'public\\.orders' ]",
                        "tables:",
                        "  - match: 'public\\.(.*)'",
                        "    target: 'public.$1'",
                        Pipelines.jdbcSink(services, warehouse),
                        ""));

        StringWriter out = new StringWriter();
        assertThat(verify(out, file)).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("public.orders  public.orders  region,id")
                .contains("Every table matches.")
                .doesNotContain("audit");

        services.execute(warehouse, "DELETE FROM orders WHERE region = 'eu' AND id = 1234");
        services.execute(
                warehouse, "UPDATE orders SET total = 0 WHERE region = 'us' AND id = 4321");
        StringWriter again = new StringWriter();

        assertThat(verify(again, file)).isEqualTo(VerifyCommand.NOT_EQUAL);
        assertThat(again.toString())
                .contains("missing in target  region=eu, id=1234")
                .contains("region=us, id=4321")
                .contains("total: source 6481.5, target 0")
                .contains("Some tables differ.");
    }

    private static int verify(StringWriter out, Path file) {
        return Cli.run(out, "verify", "-f", file.toString());
    }
}
