package dev.tributary.postgres.cdc;

import static org.awaitility.Awaitility.await;

import dev.tributary.api.config.Options;
import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.ErrorRecord;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.SinkRecord;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.WriteMode;
import dev.tributary.api.flink.EventTypeInfo;
import dev.tributary.api.spi.SourceContext;
import dev.tributary.api.spi.SourceStreams;
import dev.tributary.api.spi.TableDeclarations;
import dev.tributary.embedded.EmbeddedDatabase;
import dev.tributary.jdbc.JdbcSink;
import dev.tributary.jdbc.JdbcSinkConfig;
import dev.tributary.jdbc.TestSinkConfigs;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Runs the postgres-cdc source in a Flink MiniCluster against a real PostgreSQL: events and errors
 * are collected in memory, and optionally applied by the project's JDBC sink (upsert) into a target
 * database, so tests can compare tables with SQL.
 */
final class CdcHarness {
    /** Collected records by run id; the MiniCluster runs in this JVM. */
    static final Map<String, Queue<Object>> COLLECTED = new ConcurrentHashMap<>();

    private final EmbeddedDatabase server;

    CdcHarness(EmbeddedDatabase server) {
        this.server = server;
    }

    /** The source options for {@code database}, plus {@code extra}. */
    Map<String, Object> options(String database, Map<String, Object> extra) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(PostgresCdcSourceOptions.HOSTNAME.key(), "127.0.0.1");
        values.put(PostgresCdcSourceOptions.PORT.key(), server.port());
        values.put(PostgresCdcSourceOptions.DATABASE.key(), database);
        values.put(PostgresCdcSourceOptions.USER.key(), server.user());
        values.put(PostgresCdcSourceOptions.SNAPSHOT_CHUNK_SIZE.key(), 50);
        values.put(PostgresCdcSourceOptions.HEARTBEAT_INTERVAL.key(), Duration.ofMillis(500));
        values.putAll(extra);
        return values;
    }

    static Options parsed(Map<String, Object> values, Map<String, String> debezium) {
        Options options =
                new Options(
                        "sources[0]",
                        values,
                        Map.of(PostgresCdcSourceOptions.DEBEZIUM_PREFIX, debezium));
        new PostgresCdcSourceFactory().validate(options);
        return options;
    }

    /** A running job; {@link #close} cancels it if it still runs. */
    static final class Run implements AutoCloseable {
        final String id;
        final JobClient job;

        /** Completes when the job ends; asked once, as a finished job's MiniCluster shuts down. */
        final CompletableFuture<JobExecutionResult> result;

        Run(String id, JobClient job) {
            this.id = id;
            this.job = job;
            this.result = job.getJobExecutionResult();
        }

        List<ChangeEvent> events() {
            List<ChangeEvent> out = new ArrayList<>();
            for (Object o : COLLECTED.get(id)) {
                if (o instanceof ChangeEvent) {
                    out.add((ChangeEvent) o);
                }
            }
            return out;
        }

        List<ErrorRecord> errors() {
            List<ErrorRecord> out = new ArrayList<>();
            for (Object o : COLLECTED.get(id)) {
                if (o instanceof ErrorRecord) {
                    out.add((ErrorRecord) o);
                }
            }
            return out;
        }

        long count(Op op) {
            return events().stream().filter(e -> e.op() == op).count();
        }

        /**
         * Waits until at least {@code count} change events arrived and returns them all. A job that
         * ends first fails the wait with its own failure, and a timeout names what did arrive, so
         * that a failed wait says why.
         */
        List<ChangeEvent> awaitEvents(int count, Duration within) {
            try {
                await("at least " + count + " change events")
                        .atMost(within)
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> finished() || events().size() >= count);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(
                        "fewer than " + count + " change events after " + within + ": " + arrived(),
                        e);
            }
            if (events().size() < count) {
                result.join(); // throws the job's failure
                throw new AssertionError("the job ended with fewer events: " + arrived());
            }
            return events();
        }

        private String arrived() {
            return "events " + events() + ", errors " + errors();
        }

        /** True when the job has ended, successfully or not. */
        boolean finished() {
            return result.isDone();
        }

        @Override
        public void close() throws Exception {
            if (!finished()) {
                job.cancel().get();
            }
        }
    }

    /**
     * Starts a job: source → collect, and → JDBC sink into {@code target} when not null.
     *
     * @param savepoint a savepoint or retained checkpoint to restore from, or null
     */
    Run start(String sourceName, Options options, String target, String savepoint, String pipeline)
            throws Exception {
        return start(
                new PostgresCdcSourceFactory(), sourceName, options, target, savepoint, pipeline);
    }

    /**
     * {@link #start(String, Options, String, String, String)} with the source of {@code factory}.
     */
    Run start(
            PostgresCdcSourceFactory factory,
            String sourceName,
            Options options,
            String target,
            String savepoint,
            String pipeline)
            throws Exception {
        String id = sourceName + "-" + System.nanoTime();
        COLLECTED.put(id, new ConcurrentLinkedQueue<>());
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false); // fails on any Kryo fallback
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(300));
        if (savepoint != null) {
            conf.set(SavepointConfigOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        SourceStreams streams = factory.create(context(pipeline, sourceName, options, env));
        streams.events().addSink(new Collect<>(id)).name("collect-events").uid("collect-events");
        streams.errors().addSink(new Collect<>(id)).name("collect-errors").uid("collect-errors");
        if (target != null) {
            streams.events()
                    .map(
                            e ->
                                    new SinkRecord(
                                            TableId.of("public", e.table().table()),
                                            WriteMode.UPSERT,
                                            e),
                            EventTypeInfo.SINK_RECORD)
                    .uid("route")
                    .sinkTo(new JdbcSink(sinkConfig(pipeline, target)))
                    .uid("jdbc-sink");
        }
        return new Run(id, env.executeAsync("postgres-cdc-it-" + sourceName));
    }

    private JdbcSinkConfig sinkConfig(String pipeline, String target) {
        return TestSinkConfigs.of(
                pipeline,
                server.jdbcUrl(target),
                server.user(),
                server.password(),
                Map.of(),
                3,
                Duration.ofMillis(100));
    }

    private static SourceContext context(
            String pipeline, String sourceName, Options options, StreamExecutionEnvironment env) {
        return new SourceContext() {
            @Override
            public String pipelineName() {
                return pipeline;
            }

            @Override
            public String sourceName() {
                return sourceName;
            }

            @Override
            public Options options() {
                return options;
            }

            @Override
            public StreamExecutionEnvironment environment() {
                return env;
            }

            @Override
            public TableDeclarations declarations() {
                return TableDeclarations.NONE;
            }
        };
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(
                server.jdbcUrl(database), server.user(), server.password());
    }

    void sql(String database, String... statements) throws SQLException {
        try (Connection c = connect(database);
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** Every row of {@code table} ordered by {@code orderBy}, each value as text. */
    List<List<String>> rows(String database, String table, String orderBy) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = connect(database);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM " + table + " ORDER BY " + orderBy)) {
            ResultSetMetaData meta = r.getMetaData();
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(r.getString(i));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "42703".equals(e.getSQLState())) {
                // The sink has not created the table yet, or not yet added a column that later
                // events of the batch carry (it commits each DDL statement at once).
                return List.of();
            }
            throw e;
        }
        return rows;
    }

    /**
     * Waits until the replication slot {@code slot} is consistent: from then on, every change
     * committed is in it. Waiting for it to be active is not enough, as a slot is active while it
     * is being created too.
     */
    void awaitSlotConsistent(String database, String slot) {
        await("the slot " + slot + " is consistent")
                .atMost(Duration.ofSeconds(60))
                .until(() -> slotIsConsistent(database, slot));
    }

    private boolean slotIsConsistent(String database, String slot) throws SQLException {
        try (Connection c = connect(database);
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT count(*) FROM pg_replication_slots"
                                        + " WHERE slot_name = ? AND confirmed_flush_lsn IS NOT NULL")) {
            s.setString(1, slot);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1) == 1;
            }
        }
    }

    /** A single long from a query. */
    long number(String database, String query) throws SQLException {
        try (Connection c = connect(database);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        }
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** Collects into {@link #COLLECTED}. */
    @SuppressWarnings("deprecation")
    static final class Collect<T> implements SinkFunction<T> {
        private static final long serialVersionUID = 1L;
        private final String run;

        Collect(String run) {
            this.run = run;
        }

        @Override
        public void invoke(T value, Context context) {
            COLLECTED.get(run).add(value);
        }
    }
}
