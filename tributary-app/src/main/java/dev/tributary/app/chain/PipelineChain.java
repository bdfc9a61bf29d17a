package dev.tributary.app.chain;

import dev.tributary.api.event.TableId;
import dev.tributary.api.event.WriteMode;
import dev.tributary.api.spi.SinkFactory;
import dev.tributary.api.spi.SourceDatabase;
import dev.tributary.api.spi.SourceFactory;
import dev.tributary.app.status.SinkDatabase;
import dev.tributary.runtime.config.ComponentDefinition;
import dev.tributary.runtime.config.PipelineDefinition;
import dev.tributary.runtime.route.TableRule;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pipeline files in pipeline order, as the commands that follow data through them take them: one
 * file ({@code postgres-cdc → jdbc}), or a chain ({@code postgres-cdc → kafka}, then {@code kafka →
 * jdbc}). A table read by the first file's source is routed through that file's rules, followed
 * through a sink that feeds the next file's source (its {@link SinkFactory#downstreamTable}), and
 * lands in the {@code jdbc} sinks it reaches. Immutable.
 */
public final class PipelineChain {
    private final List<PipelineDefinition> files;
    private final List<List<ComponentDefinition<SinkFactory>>> jdbcSinkDefinitions;
    private final List<List<SinkDatabase>> jdbcSinks;

    /**
     * Where a source table lands.
     *
     * @param file the index of the file whose sink writes it
     * @param sink the jdbc sink, the same instance as in {@link #sinks(int)}
     * @param target the target table
     * @param mode how the rule writes it
     */
    public record Landing(int file, SinkDatabase sink, TableId target, WriteMode mode) {}

    /**
     * @param files at least one, in pipeline order
     */
    public PipelineChain(List<PipelineDefinition> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one pipeline file");
        }
        this.files = List.copyOf(files);
        List<List<ComponentDefinition<SinkFactory>>> definitions = new ArrayList<>();
        List<List<SinkDatabase>> databases = new ArrayList<>();
        for (PipelineDefinition def : files) {
            List<ComponentDefinition<SinkFactory>> defs = new ArrayList<>();
            List<SinkDatabase> dbs = new ArrayList<>();
            for (ComponentDefinition<SinkFactory> s : def.sinks()) {
                List<SinkDatabase> db = SinkDatabase.of(List.of(s));
                if (!db.isEmpty()) {
                    defs.add(s);
                    dbs.add(db.get(0));
                }
            }
            definitions.add(defs);
            databases.add(List.copyOf(dbs));
        }
        this.jdbcSinkDefinitions = definitions;
        this.jdbcSinks = List.copyOf(databases);
    }

    public List<PipelineDefinition> files() {
        return files;
    }

    /** The {@code jdbc} sinks of file {@code file}, in file order. */
    public List<SinkDatabase> sinks(int file) {
        return jdbcSinks.get(file);
    }

    /** The database the first file's first database-reading source (postgres-cdc) reads. */
    public Optional<SourceDatabase> sourceDatabase() {
        return sourceComponent().flatMap(this::databaseOf);
    }

    /** The first file's first source that reads a database (postgres-cdc). */
    public Optional<ComponentDefinition<SourceFactory>> sourceComponent() {
        for (ComponentDefinition<SourceFactory> s : files.get(0).sources()) {
            if (databaseOf(s).isPresent()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private Optional<SourceDatabase> databaseOf(ComponentDefinition<SourceFactory> s) {
        return s.factory().database(files.get(0).settings().name(), s.name(), s.options());
    }

    /**
     * The tables each file's sources read on the way from {@code tables} (as the first file's
     * source names them) to upsert targets: for the first file {@code tables} themselves, for a
     * file behind a Kafka hop its topics as table ids. Element {@code i} is for file {@code i};
     * empty when nothing upserted reaches that file.
     */
    public List<List<TableId>> tablesRead(List<TableId> tables) {
        List<List<TableId>> out = new ArrayList<>();
        List<TableId> entering = List.copyOf(tables);
        for (int i = 0; i < files.size(); i++) {
            out.add(entering);
            PipelineDefinition def = files.get(i);
            Set<TableId> next = new LinkedHashSet<>();
            for (TableId table : entering) {
                for (TableRule rule : rules(def, table)) {
                    if (rule.mode() != WriteMode.UPSERT) {
                        continue;
                    }
                    ComponentDefinition<SinkFactory> sink = sink(def, rule.sink());
                    sink.factory()
                            .downstreamTable(
                                    def.settings().name(), sink.options(), rule.targetFor(table))
                            .ifPresent(next::add);
                }
            }
            entering = List.copyOf(next);
        }
        return out;
    }

    /**
     * Where {@code table}, as the first file's source names it, lands in jdbc sinks. A landing's
     * mode is {@code upsert} only when every rule on the way there upserts; otherwise it is the
     * first other mode on the way.
     */
    public List<Landing> landings(TableId table) {
        List<Landing> out = new ArrayList<>();
        List<Hop> hops = List.of(new Hop(table, WriteMode.UPSERT));
        for (int i = 0; i < files.size() && !hops.isEmpty(); i++) {
            PipelineDefinition def = files.get(i);
            List<Hop> next = new ArrayList<>();
            for (Hop hop : hops) {
                for (TableRule rule : rules(def, hop.table())) {
                    TableId target = rule.targetFor(hop.table());
                    WriteMode mode = hop.mode() == WriteMode.UPSERT ? rule.mode() : hop.mode();
                    ComponentDefinition<SinkFactory> sink = sink(def, rule.sink());
                    Optional<TableId> downstream =
                            sink.factory()
                                    .downstreamTable(def.settings().name(), sink.options(), target);
                    if (downstream.isPresent()) {
                        next.add(new Hop(downstream.get(), mode));
                        continue;
                    }
                    int j = jdbcSinkDefinitions.get(i).indexOf(sink);
                    if (j >= 0) {
                        out.add(new Landing(i, jdbcSinks.get(i).get(j), target, mode));
                    }
                }
            }
            hops = next;
        }
        return out;
    }

    /** A table on its way through the chain, and the mode it is written in so far. */
    private record Hop(TableId table, WriteMode mode) {}

    /**
     * The tables {@code source} captures, from the database's catalog, in name order.
     *
     * @param connection an open connection to the source database; not closed here
     */
    public static List<TableId> capturedTables(SourceDatabase source, Connection connection)
            throws SQLException {
        List<TableId> out = new ArrayList<>();
        DatabaseMetaData md = connection.getMetaData();
        try (ResultSet rs =
                md.getTables(null, null, "%", new String[] {"TABLE", "PARTITIONED TABLE"})) {
            while (rs.next()) {
                TableId t = TableId.of(rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME"));
                if (source.captures(t)) {
                    out.add(t);
                }
            }
        }
        out.sort(Comparator.comparing(TableId::text));
        return out;
    }

    /** The rules that take {@code id}: the first match, and the next after a continue. */
    private static List<TableRule> rules(PipelineDefinition def, TableId id) {
        List<TableRule> out = new ArrayList<>();
        for (TableRule rule : def.tables()) {
            if (rule.matches(id)) {
                out.add(rule);
                if (!rule.continues()) {
                    break;
                }
            }
        }
        return out;
    }

    private static ComponentDefinition<SinkFactory> sink(PipelineDefinition def, String name) {
        for (ComponentDefinition<SinkFactory> s : def.sinks()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalStateException(
                "no sink " + name + " in pipeline " + def.settings().name());
    }
}
