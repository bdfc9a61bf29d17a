package dev.tributary.app.verify;

import dev.tributary.api.error.ConfigException;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.WriteMode;
import dev.tributary.api.spi.SinkFactory;
import dev.tributary.api.spi.SourceDatabase;
import dev.tributary.api.spi.SourceFactory;
import dev.tributary.app.status.SinkDatabase;
import dev.tributary.jdbc.verify.TablePair;
import dev.tributary.runtime.config.ComponentDefinition;
import dev.tributary.runtime.config.PipelineDefinition;
import dev.tributary.runtime.route.TableRule;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which target table mirrors which source table, worked out from one pipeline file ({@code
 * postgres-cdc → jdbc}) or a chain of them ({@code postgres-cdc → kafka}, then {@code kafka →
 * jdbc}): each captured table is routed through the first file's rules, followed through a sink
 * that feeds the next file's source (its {@link SinkFactory#downstreamTable}), until an upsert rule
 * lands it in a {@code jdbc} sink. Append-mode targets are histories, not mirrors, and are not
 * compared.
 */
public final class MirrorPlan {
    private final List<PipelineDefinition> files;
    private final ComponentDefinition<SourceFactory> sourceComponent;
    private final SourceDatabase source;
    private final Map<SinkDatabase, List<TablePair>> pairsByTarget;
    private final List<String> unmirrored;
    private final List<List<TableId>> tablesRead;

    private MirrorPlan(
            List<PipelineDefinition> files,
            ComponentDefinition<SourceFactory> sourceComponent,
            SourceDatabase source,
            Map<SinkDatabase, List<TablePair>> pairsByTarget,
            List<String> unmirrored,
            List<List<TableId>> tablesRead) {
        this.files = List.copyOf(files);
        this.sourceComponent = sourceComponent;
        this.source = source;
        this.pairsByTarget = pairsByTarget;
        this.unmirrored = unmirrored;
        this.tablesRead = tablesRead;
    }

    /**
     * Plans the comparison for {@code files} in pipeline order; connects to the source database to
     * list its captured tables.
     *
     * @throws ConfigException when the first file's source reads no database
     */
    public static MirrorPlan of(List<PipelineDefinition> files, String firstFileName)
            throws SQLException {
        PipelineDefinition first = files.get(0);
        SourceDatabase source = null;
        ComponentDefinition<SourceFactory> sourceComponent = null;
        for (ComponentDefinition<SourceFactory> s : first.sources()) {
            Optional<SourceDatabase> db = s.factory().database(s.options());
            if (db.isPresent()) {
                source = db.get();
                sourceComponent = s;
                break;
            }
        }
        if (source == null) {
            throw new ConfigException(
                    firstFileName
                            + ": verify compares a source database with its mirror, but no source"
                            + " of this file reads a database (postgres-cdc). For a chain through"
                            + " Kafka give the capture file first: verify -f capture.yaml -f"
                            + " apply.yaml");
        }
        Map<SinkDatabase, List<TablePair>> pairs = new LinkedHashMap<>();
        Map<String, SinkDatabase> sinksByName = new LinkedHashMap<>();
        List<String> unmirrored = new ArrayList<>();
        List<Set<TableId>> read = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            read.add(new LinkedHashSet<>());
        }
        for (TableId table : capturedTables(source)) {
            List<TableId> ids = List.of(table);
            boolean mirrored = false;
            for (int i = 0; i < files.size() && !ids.isEmpty(); i++) {
                PipelineDefinition def = files.get(i);
                List<TableId> next = new ArrayList<>();
                read.get(i).addAll(ids);
                for (TableId id : ids) {
                    for (TableRule rule : rules(def, id)) {
                        if (rule.mode() != WriteMode.UPSERT) {
                            continue;
                        }
                        TableId target = rule.targetFor(id);
                        ComponentDefinition<SinkFactory> sink = sink(def, rule.sink());
                        Optional<TableId> downstream =
                                sink.factory()
                                        .downstreamTable(
                                                def.settings().name(), sink.options(), target);
                        if (downstream.isPresent()) {
                            next.add(downstream.get());
                            continue;
                        }
                        List<SinkDatabase> jdbc = SinkDatabase.of(List.of(sink));
                        if (!jdbc.isEmpty()) {
                            SinkDatabase db =
                                    sinksByName.computeIfAbsent(
                                            i + "/" + sink.name(), k -> jdbc.get(0));
                            pairs.computeIfAbsent(db, k -> new ArrayList<>())
                                    .add(TablePair.of(table, target));
                            mirrored = true;
                        }
                    }
                }
                ids = next;
            }
            if (!mirrored) {
                unmirrored.add(table.text());
            }
        }
        List<List<TableId>> tablesRead = new ArrayList<>();
        for (Set<TableId> r : read) {
            tablesRead.add(List.copyOf(r));
        }
        return new MirrorPlan(files, sourceComponent, source, pairs, unmirrored, tablesRead);
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

    /** The source's captured tables, from the database's catalog, in name order. */
    private static List<TableId> capturedTables(SourceDatabase source) throws SQLException {
        List<TableId> out = new ArrayList<>();
        try (Connection c =
                DriverManager.getConnection(source.jdbcUrl(), source.connectionProperties())) {
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs =
                    md.getTables(null, null, "%", new String[] {"TABLE", "PARTITIONED TABLE"})) {
                while (rs.next()) {
                    TableId t = TableId.of(rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME"));
                    if (source.captures(t)) {
                        out.add(t);
                    }
                }
            }
        }
        out.sort(Comparator.comparing(TableId::text));
        return out;
    }

    public SourceDatabase source() {
        return source;
    }

    /** The pipeline files, in pipeline order. */
    public List<PipelineDefinition> files() {
        return files;
    }

    /** The first file's source that reads {@link #source()}. */
    public ComponentDefinition<SourceFactory> sourceComponent() {
        return sourceComponent;
    }

    /**
     * The tables that the sources of file {@code file} read on their way to a target, as those
     * sources name them: for the first file the captured tables, for a file behind a Kafka hop its
     * topics. Empty when nothing reaches that file.
     */
    public List<TableId> tablesRead(int file) {
        return tablesRead.get(file);
    }

    /** The pairs to compare, per target database. */
    public Map<SinkDatabase, List<TablePair>> pairsByTarget() {
        return pairsByTarget;
    }

    /** Captured tables that no upsert rule mirrors into a database. */
    public List<String> unmirrored() {
        return unmirrored;
    }
}
