package dev.tributary.app.verify;

import dev.tributary.api.error.ConfigException;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.WriteMode;
import dev.tributary.api.spi.SinkFactory;
import dev.tributary.api.spi.SourceDatabase;
import dev.tributary.api.spi.SourceFactory;
import dev.tributary.app.chain.PipelineChain;
import dev.tributary.app.status.SinkDatabase;
import dev.tributary.jdbc.verify.TablePair;
import dev.tributary.runtime.config.ComponentDefinition;
import dev.tributary.runtime.config.PipelineDefinition;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which target table mirrors which source table, worked out from one pipeline file ({@code
 * postgres-cdc → jdbc}) or a chain of them ({@code postgres-cdc → kafka}, then {@code kafka →
 * jdbc}): each captured table is followed through the {@link PipelineChain} until an upsert rule
 * lands it in a {@code jdbc} sink (through a sink's {@link SinkFactory#downstreamTable} from one
 * file to the next). Append-mode targets are histories, not mirrors, and are not compared.
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
        PipelineChain chain = new PipelineChain(files);
        SourceDatabase source =
                chain.sourceDatabase()
                        .orElseThrow(
                                () ->
                                        new ConfigException(
                                                firstFileName
                                                        + ": verify compares a source database with"
                                                        + " its mirror, but no source of this file"
                                                        + " reads a database (postgres-cdc). For a"
                                                        + " chain through Kafka give the capture"
                                                        + " file first: verify -f capture.yaml -f"
                                                        + " apply.yaml"));
        List<TableId> captured;
        try (Connection c =
                DriverManager.getConnection(source.jdbcUrl(), source.connectionProperties())) {
            captured = PipelineChain.capturedTables(source, c);
        }
        Map<SinkDatabase, List<TablePair>> pairs = new LinkedHashMap<>();
        List<String> unmirrored = new ArrayList<>();
        for (TableId table : captured) {
            boolean mirrored = false;
            for (PipelineChain.Landing landing : chain.landings(table)) {
                if (landing.mode() == WriteMode.UPSERT) {
                    pairs.computeIfAbsent(landing.sink(), k -> new ArrayList<>())
                            .add(TablePair.of(table, landing.target()));
                    mirrored = true;
                }
            }
            if (!mirrored) {
                unmirrored.add(table.text());
            }
        }
        return new MirrorPlan(
                files,
                chain.sourceComponent().orElseThrow(),
                source,
                pairs,
                unmirrored,
                chain.tablesRead(captured));
    }

    public SourceDatabase source() {
        return source;
    }

    /** The pairs to compare, per target database. */
    public Map<SinkDatabase, List<TablePair>> pairsByTarget() {
        return pairsByTarget;
    }

    /** Captured tables that no upsert rule mirrors into a database. */
    public List<String> unmirrored() {
        return unmirrored;
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
}
