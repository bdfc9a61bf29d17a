package dev.tributary.jdbc.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.event.TableId;
import dev.tributary.embedded.EmbeddedDatabase;
import dev.tributary.jdbc.dialect.postgres.PostgresDialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verify against a real PostgreSQL: each test creates its own source and target databases. */
class PostgresVerifyIT {
    @TempDir static Path dataDir;

    private static EmbeddedDatabase database;
    private static final PostgresDialect DIALECT = new PostgresDialect();

    private final List<Connection> opened = new ArrayList<>();

    @BeforeAll
    static void startDatabase() {
        database = EmbeddedDatabase.start(dataDir);
    }

    @AfterAll
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @AfterEach
    void closeConnections() throws SQLException {
        for (Connection c : opened) {
            c.close();
        }
    }

    // ---- 1. equivalent types compare equal ------------------------------------------------

    /** The source's types, and for each the equivalent type its mirror has. */
    private static final String SOURCE_TYPES =
            "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"
                    + " CREATE TABLE shop.items (id integer PRIMARY KEY, price money, doc json,"
                    + " tags text[], counts integer[], feeling mood, name varchar(20), flag boolean,"
                    + " small smallint, amount numeric(10,3), ratio real, score double precision,"
                    + " born date, at_time time(3), created timestamp(3), changed timestamptz,"
                    + " uid uuid, raw bytea, note text)";

    private static final String TARGET_TYPES =
            "CREATE TABLE dw.items (id bigint PRIMARY KEY, price numeric(12,2), doc jsonb,"
                    + " tags jsonb, counts jsonb, feeling text, name text, flag boolean,"
                    + " small integer, amount numeric(14,5), ratio real, score double precision,"
                    + " born date, at_time time(6), created timestamp(6), changed timestamptz(6),"
                    + " uid uuid, raw bytea, note text, loaded_at timestamptz DEFAULT now())";

    /** Row g of the source; row 0 is all NULLs. */
    private static final String SOURCE_ROWS =
            "SET TimeZone = 'Europe/Berlin';"
                    + " INSERT INTO shop.items SELECT g, (g * 1.25)::numeric::money,"
                    + " json_build_object('b', g, 'a', 'x\"' || g, 'n', g * 1.50),"
                    + " ARRAY['a\"' || g, NULL, 'c'], ARRAY[g, g + 1],"
                    + " (ARRAY['sad', 'ok', 'happy'])[g % 3 + 1]::mood, 'name ' || g, g % 2 = 0,"
                    + " g, g / 8.0, g / 4.0, g * 0.1, date '2024-01-01' + g,"
                    + " time '12:00:00.123' + g * interval '1 second',"
                    + " timestamp '2024-01-01 00:00:00.5' + g * interval '1 hour',"
                    + " timestamptz '2024-03-31 01:30:00+01' + g * interval '7 minutes',"
                    + " md5(g::text)::uuid, decode(md5(g::text), 'hex'), 'note ''' || g"
                    + " FROM generate_series(1, 30) g;"
                    + " INSERT INTO shop.items (id) VALUES (0)";

    /** The same rows as the target holds them, written in another time zone. */
    private static final String TARGET_ROWS =
            "SET TimeZone = 'America/New_York';"
                    + " INSERT INTO dw.items SELECT g, g * 1.25,"
                    + " jsonb_build_object('b', g, 'a', 'x\"' || g, 'n', g * 1.50),"
                    + " jsonb_build_array('a\"' || g, NULL, 'c'), jsonb_build_array(g, g + 1),"
                    + " (ARRAY['sad', 'ok', 'happy'])[g % 3 + 1], 'name ' || g, g % 2 = 0,"
                    + " g, g / 8.0, g / 4.0, g * 0.1, date '2024-01-01' + g,"
                    + " time '12:00:00.123' + g * interval '1 second',"
                    + " timestamp '2024-01-01 00:00:00.5' + g * interval '1 hour',"
                    + " timestamptz '2024-03-31 00:30:00Z' + g * interval '7 minutes',"
                    + " md5(g::text)::uuid, decode(md5(g::text), 'hex'), 'note ''' || g"
                    + " FROM generate_series(1, 30) g;"
                    + " INSERT INTO dw.items (id) VALUES (0)";

    private static final TablePair ITEMS =
            TablePair.of(TableId.of("shop", "items"), TableId.of("dw", "items"));

    private Connection[] itemsMirror(String name) throws SQLException {
        Connection source = fresh(name + "_source", "CREATE SCHEMA shop; " + SOURCE_TYPES);
        Connection target = fresh(name + "_target", "CREATE SCHEMA dw; " + TARGET_TYPES);
        run(source, SOURCE_ROWS);
        run(target, TARGET_ROWS);
        return new Connection[] {source, target};
    }

    @Test
    void equalValuesInEquivalentTypesMatch() throws SQLException {
        Connection[] c = itemsMirror("types");

        VerifyResult result =
                verifier(c[0], c[1], VerifySettings.defaults()).verify(List.of(ITEMS));

        TableResult items = result.tables().get(0);
        assertThat(items.match()).as(result.format()).isTrue();
        assertThat(result.allMatch()).isTrue();
        assertThat(items.source().count()).isEqualTo(31);
        assertThat(items.source()).isEqualTo(items.target());
        assertThat(items.key()).containsExactly("id");
        assertThat(items.comparedColumns())
                .containsExactly(
                        "id", "price", "doc", "tags", "counts", "feeling", "name", "flag", "small",
                        "amount", "ratio", "score", "born", "at_time", "created", "changed", "uid",
                        "raw", "note");
        assertThat(items.extraInTarget()).containsExactly("loaded_at");
        assertThat(items.differences()).isEmpty();
        assertThat(items.rowsFetched()).isZero();
        assertThat(items.rangesExamined()).isEqualTo(1);
        assertThat(result.format())
                .contains("equal")
                .endsWith("All 1 tables equal (" + seconds(result) + ").\n");
    }

    @Test
    void aChangeInAColumnOfAnyTypeIsFoundAndNamed() throws SQLException {
        Connection[] c = itemsMirror("typechange");
        String[][] changes = {
            {"price", "price = price + 0.01"},
            {"doc", "doc = doc || '{\"a\": \"y\"}'"},
            {"tags", "tags = '[\"a\\\"3\", \"\", \"c\"]'"},
            {"counts", "counts = '[4, 6]'"},
            {"feeling", "feeling = 'glad'"},
            {"name", "name = name || ' '"},
            {"flag", "flag = NOT flag"},
            {"small", "small = small + 1"},
            {"amount", "amount = amount + 0.00001"},
            {"ratio", "ratio = ratio + 0.5"},
            {"score", "score = score + 1e-12"},
            {"born", "born = born + 1"},
            {"at_time", "at_time = at_time + interval '1 microsecond'"},
            {"created", "created = created + interval '1 microsecond'"},
            {"changed", "changed = changed + interval '1 microsecond'"},
            {"uid", "uid = md5('other')::uuid"},
            {"raw", "raw = raw || '\\x00'::bytea"},
            {"note", "note = NULL"},
        };
        for (int i = 0; i < changes.length; i++) {
            run(c[1], "UPDATE dw.items SET " + changes[i][1] + " WHERE id = " + (i + 3));
        }

        VerifyResult result =
                verifier(
                                c[0],
                                c[1],
                                new VerifySettings(
                                        50, 256, 16, Duration.ZERO, Duration.ofSeconds(1)))
                        .verify(List.of(ITEMS));

        TableResult items = result.tables().get(0);
        assertThat(items.match()).isFalse();
        assertThat(items.differences()).as(result.format()).hasSize(changes.length);
        for (int i = 0; i < changes.length; i++) {
            Difference d = items.differences().get(i);
            assertThat(d.kind()).isEqualTo(Difference.Kind.DIFFERENT);
            assertThat(d.key()).isEqualTo(Map.of("id", Integer.toString(i + 3)));
            assertThat(d.columns()).as(d.toString()).containsExactly(changes[i][0]);
        }
    }

    // ---- 2. rows changed by hand in the target ----------------------------------------------

    private static final TablePair CUSTOMERS =
            TablePair.of(TableId.of("public", "customers"), TableId.of("public", "customers"));

    private static final String CUSTOMERS_TABLE =
            "CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, email text);"
                    + " INSERT INTO customers SELECT g, 'name ' || g, 'c' || g || '@example.com'"
                    + " FROM generate_series(1, 20) g";

    @Test
    void deletedChangedAndInsertedRowsAreNamedWithBothSidesValues() throws SQLException {
        Connection source = fresh("hand_source", CUSTOMERS_TABLE);
        Connection target = fresh("hand_target", CUSTOMERS_TABLE);
        run(
                target,
                "DELETE FROM customers WHERE id = 5;"
                        + " UPDATE customers SET name = 'changed by hand' WHERE id = 7;"
                        + " INSERT INTO customers VALUES (100, 'intruder', NULL)");

        VerifyResult result =
                verifier(source, target, VerifySettings.defaults()).verify(List.of(CUSTOMERS));

        TableResult customers = result.tables().get(0);
        assertThat(customers.match()).isFalse();
        assertThat(result.allMatch()).isFalse();
        assertThat(customers.source().count()).isEqualTo(20);
        assertThat(customers.target().count()).isEqualTo(20);
        assertThat(customers.source().checksum()).isNotEqualTo(customers.target().checksum());
        assertThat(customers.differences())
                .containsExactly(
                        new Difference(
                                Difference.Kind.MISSING_IN_TARGET,
                                Map.of("id", "5"),
                                Map.of("id", "5", "name", "name 5", "email", "c5@example.com"),
                                Map.of()),
                        new Difference(
                                Difference.Kind.DIFFERENT,
                                Map.of("id", "7"),
                                Map.of("id", "7", "name", "name 7", "email", "c7@example.com"),
                                Map.of(
                                        "id",
                                        "7",
                                        "name",
                                        "changed by hand",
                                        "email",
                                        "c7@example.com")),
                        new Difference(
                                Difference.Kind.EXTRA_IN_TARGET,
                                Map.of("id", "100"),
                                Map.of(),
                                nullEmail("100", "intruder")));
        assertThat(customers.moreDifferences()).isFalse();
        assertThat(customers.rowsFetched()).isEqualTo(40);
        assertThat(result.format())
                .contains(
                        "  missing in target  id=5    source: id=5, name=name 5, email=c5@example.com\n")
                .contains(
                        "  different          id=7    name: source name 7, target changed by hand\n")
                .contains(
                        "  extra in target    id=100  target: id=100, name=intruder, email=NULL\n")
                .contains("1 of 1 tables differ");
    }

    private static Map<String, String> nullEmail(String id, String name) {
        Map<String, String> m = new java.util.HashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("email", null);
        return m;
    }

    @Test
    void aColumnTheTargetLacksAndATableItLacksAreDifferences() throws SQLException {
        Connection source =
                fresh(
                        "lacks_source",
                        CUSTOMERS_TABLE + "; CREATE TABLE orders (id int PRIMARY KEY)");
        Connection target =
                fresh(
                        "lacks_target",
                        CUSTOMERS_TABLE + "; ALTER TABLE customers DROP COLUMN email");
        TablePair orders =
                TablePair.of(TableId.of("public", "orders"), TableId.of("public", "orders"));

        VerifyResult result =
                verifier(source, target, VerifySettings.defaults())
                        .verify(List.of(CUSTOMERS, orders));

        TableResult customers = result.tables().get(0);
        assertThat(customers.match()).isFalse();
        assertThat(customers.missingInTarget()).containsExactly("email");
        assertThat(customers.comparedColumns()).containsExactly("id", "name");
        assertThat(customers.source()).isEqualTo(customers.target());
        assertThat(customers.notes()).containsExactly("the target lacks columns email");
        TableResult missing = result.tables().get(1);
        assertThat(missing.match()).isFalse();
        assertThat(missing.source()).isEqualTo(Totals.EMPTY);
        assertThat(missing.target()).isNull();
        assertThat(missing.notes()).containsExactly("target table public.orders does not exist");
        assertThat(result.format()).contains("  note: target table public.orders does not exist\n");
    }

    // ---- 3. narrowing in a large table with a composite key ---------------------------------

    private static final TablePair EVENTS =
            TablePair.of(TableId.of("public", "events"), TableId.of("public", "events"));

    private static final String EVENTS_TABLE =
            "CREATE TABLE events (region text, seq integer, payload text, amount numeric(12,2),"
                    + " PRIMARY KEY (region, seq));"
                    + " INSERT INTO events SELECT (ARRAY['eu-west', 'Eu-north', 'us', 'ap'])[g % 4 + 1],"
                    + " g, md5(g::text), g * 0.25 FROM generate_series(1, 100000) g";

    @Test
    void oneChangedRowAmong100000IsFoundByNarrowingWithFewRowsFetched() throws SQLException {
        Connection source = fresh("large_source", EVENTS_TABLE);
        Connection target = fresh("large_target", EVENTS_TABLE);
        run(target, "UPDATE events SET amount = amount + 1 WHERE region = 'us' AND seq = 61234");

        VerifyResult result =
                verifier(source, target, VerifySettings.defaults()).verify(List.of(EVENTS));

        TableResult events = result.tables().get(0);
        assertThat(events.key()).containsExactly("region", "seq");
        assertThat(events.source().count()).isEqualTo(100_000);
        assertThat(events.differences()).hasSize(1);
        Difference d = events.differences().get(0);
        assertThat(d.kind()).isEqualTo(Difference.Kind.DIFFERENT);
        assertThat(d.key()).containsExactly(Map.entry("region", "us"), Map.entry("seq", "61234"));
        assertThat(d.columns()).containsExactly("amount");
        assertThat(d.source()).containsEntry("amount", "15308.5");
        assertThat(d.target()).containsEntry("amount", "15309.5");
        assertThat(events.rowsFetched()).isLessThan(1_000);
        assertThat(events.rangesExamined()).isLessThan(100);
    }

    @Test
    void aMissingAndAnExtraRowAmong100000AreFoundByNarrowing() throws SQLException {
        Connection source = fresh("large2_source", EVENTS_TABLE);
        Connection target = fresh("large2_target", EVENTS_TABLE);
        run(
                target,
                "DELETE FROM events WHERE region = 'eu-west' AND seq = 4;"
                        + " INSERT INTO events VALUES ('eu-west', 100001, 'late', 1)");

        VerifyResult result =
                verifier(source, target, VerifySettings.defaults()).verify(List.of(EVENTS));

        TableResult events = result.tables().get(0);
        assertThat(events.source().count()).isEqualTo(events.target().count());
        assertThat(events.differences())
                .extracting(Difference::kind, Difference::key)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Difference.Kind.MISSING_IN_TARGET,
                                Map.of("region", "eu-west", "seq", "4")),
                        org.assertj.core.groups.Tuple.tuple(
                                Difference.Kind.EXTRA_IN_TARGET,
                                Map.of("region", "eu-west", "seq", "100001")));
        assertThat(events.rowsFetched()).isLessThan(1_000);
    }

    @Test
    void anEnumKeyAndItsTextMirrorAreCutIntoTheSameRanges() throws SQLException {
        Connection source =
                fresh(
                        "enumkey_source",
                        "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"
                                + " CREATE TABLE moods (feeling mood, n integer, PRIMARY KEY (feeling, n));"
                                + " INSERT INTO moods SELECT (ARRAY['sad', 'ok', 'happy'])[g % 3 + 1]::mood, g"
                                + " FROM generate_series(1, 3000) g");
        Connection target =
                fresh(
                        "enumkey_target",
                        "CREATE TABLE moods (feeling text, n bigint, PRIMARY KEY (feeling, n));"
                                + " INSERT INTO moods SELECT (ARRAY['sad', 'ok', 'happy'])[g % 3 + 1], g"
                                + " FROM generate_series(1, 3000) g;"
                                + " DELETE FROM moods WHERE feeling = 'ok' AND n = 1000");
        TablePair moods =
                TablePair.of(TableId.of("public", "moods"), TableId.of("public", "moods"));

        VerifyResult result =
                verifier(source, target, VerifySettings.defaults()).verify(List.of(moods));

        TableResult r = result.tables().get(0);
        assertThat(r.differences())
                .extracting(Difference::kind, Difference::key)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Difference.Kind.MISSING_IN_TARGET,
                                Map.of("feeling", "ok", "n", "1000")));
        assertThat(r.rangesExamined()).isGreaterThan(1);
        assertThat(r.rowsFetched()).isLessThan(600);
    }

    // ---- 4. one consistent read of the source -------------------------------------------------

    @Test
    void changesCommittedDuringARunAreNotSeenByIt() throws SQLException {
        String table =
                "CREATE TABLE a (id integer PRIMARY KEY, v text);"
                        + " CREATE TABLE b (id integer PRIMARY KEY, v text);"
                        + " INSERT INTO a SELECT g, 'a' || g FROM generate_series(1, 100) g;"
                        + " INSERT INTO b SELECT g, 'b' || g FROM generate_series(1, 100) g";
        Connection source = fresh("snapshot_source", table);
        Connection target = fresh("snapshot_target", table);
        run(target, "UPDATE a SET v = 'changed' WHERE id = 7");
        Connection writer = connect("snapshot_source");
        TablePair a = TablePair.of(TableId.of("public", "a"), TableId.of("public", "a"));
        TablePair b = TablePair.of(TableId.of("public", "b"), TableId.of("public", "b"));
        List<String> seen = new ArrayList<>();
        VerifyListener committer =
                new VerifyListener() {
                    @Override
                    public void totalsCompared(TablePair pair, Totals s, Totals t) {
                        if (pair.equals(a)) {
                            // After a's totals, before a is narrowed and before b is read.
                            try {
                                run(
                                        writer,
                                        "INSERT INTO a SELECT g, 'new' FROM generate_series(101, 600) g;"
                                                + " UPDATE a SET v = 'moved' WHERE id <= 50;"
                                                + " INSERT INTO b SELECT g, 'new' FROM generate_series(101, 150) g");
                                seen.add("committed");
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }
                };

        VerifyResult result =
                new Verifier(
                                side("source", source),
                                side("target", target),
                                VerifySettings.defaults(),
                                committer)
                        .verify(List.of(a, b));

        assertThat(seen).containsExactly("committed");
        assertThat(count(writer, "a")).isEqualTo(600);
        assertThat(count(writer, "b")).isEqualTo(150);
        TableResult ra = result.tables().get(0);
        assertThat(ra.source().count()).isEqualTo(100);
        assertThat(ra.differences())
                .extracting(Difference::kind, Difference::key)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Difference.Kind.DIFFERENT, Map.of("id", "7")));
        assertThat(ra.differences().get(0).source()).containsEntry("v", "a7");
        TableResult rb = result.tables().get(1);
        assertThat(rb.source().count()).isEqualTo(100);
        assertThat(rb.match()).as(result.format()).isTrue();
    }

    // ---- 5. waiting for the target to catch up ------------------------------------------------

    @Test
    void aTargetFixedWhileWaitingIsReportedCaughtUp() throws Exception {
        Connection source = fresh("catchup_source", CUSTOMERS_TABLE);
        Connection target =
                fresh("catchup_target", CUSTOMERS_TABLE + "; DELETE FROM customers WHERE id > 17");
        Connection fixer = connect("catchup_target");
        ScheduledExecutorService pipeline = Executors.newSingleThreadScheduledExecutor();
        try {
            ScheduledFuture<?> fix =
                    pipeline.schedule(
                            () -> {
                                run(
                                        fixer,
                                        "INSERT INTO customers SELECT g, 'name ' || g, 'c' || g || '@example.com' FROM generate_series(18, 20) g");
                                return null;
                            },
                            1,
                            TimeUnit.SECONDS);
            VerifySettings settings =
                    new VerifySettings(10, 256, 16, Duration.ofSeconds(60), Duration.ofMillis(200));

            VerifyResult result = verifier(source, target, settings).verify(List.of(CUSTOMERS));

            fix.get();
            assertThat(result.waited()).isTrue();
            assertThat(result.caughtUp()).as(result.format()).isTrue();
            assertThat(result.allMatch()).isTrue();
            assertThat(result.attempts()).isGreaterThan(1);
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(60));
            assertThat(result.tables().get(0).attempt()).isEqualTo(result.attempts());
            assertThat(result.format()).contains("The target caught up: all 1 tables equal after ");
        } finally {
            pipeline.shutdownNow();
        }
    }

    @Test
    void aTargetNeverFixedIsReportedNotCaughtUpAfterTheTimeout() throws SQLException {
        Connection source = fresh("behind_source", CUSTOMERS_TABLE);
        Connection target =
                fresh("behind_target", CUSTOMERS_TABLE + "; DELETE FROM customers WHERE id > 17");
        VerifySettings settings =
                new VerifySettings(10, 256, 16, Duration.ofSeconds(2), Duration.ofMillis(300));

        VerifyResult result = verifier(source, target, settings).verify(List.of(CUSTOMERS));

        assertThat(result.waited()).isTrue();
        assertThat(result.caughtUp()).isFalse();
        assertThat(result.allMatch()).isFalse();
        assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(result.attempts()).isGreaterThan(2);
        TableResult customers = result.tables().get(0);
        // the comparison after the timeout narrows, so the report names the missing keys
        assertThat(customers.differences())
                .extracting(Difference::key)
                .containsExactly(Map.of("id", "18"), Map.of("id", "19"), Map.of("id", "20"));
        assertThat(result.format())
                .contains(
                        "The target did NOT catch up within 2.0 s: 1 of 1 tables still differ after ");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static String seconds(VerifyResult r) {
        return String.format(java.util.Locale.ROOT, "%.1f s", r.elapsed().toMillis() / 1000.0);
    }

    private Verifier verifier(Connection source, Connection target, VerifySettings settings) {
        return new Verifier(side("source", source), side("target", target), settings);
    }

    private static Side side(String name, Connection connection) {
        return new Side(name, DIALECT, connection);
    }

    /** A new database set up by {@code setup}, and a connection to it (auto-commit off). */
    private Connection fresh(String name, String setup) throws SQLException {
        database.createDatabase(name);
        Connection c = connect(name);
        run(c, setup);
        return c;
    }

    private Connection connect(String name) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", database.user());
        p.setProperty("password", database.password());
        Connection c = DIALECT.connect(database.jdbcUrl(name), p);
        opened.add(c);
        return c;
    }

    /** Runs statements separated by {@code ;} in one transaction and commits. */
    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
        c.commit();
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            long n = rs.getLong(1);
            c.commit();
            return n;
        }
    }
}
