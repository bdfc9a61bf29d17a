package dev.tributary.runtime.config;

import dev.tributary.api.event.TableId;
import dev.tributary.api.spi.SinkFactory;
import dev.tributary.api.spi.SourceFactory;
import dev.tributary.runtime.route.TableRule;
import java.util.List;

/** A whole pipeline file, parsed and validated: what the composer turns into a Flink job. */
public final class PipelineDefinition {
    private final PipelineSettings settings;
    private final List<ComponentDefinition<SourceFactory>> sources;
    private final List<TableRule> tables;
    private final List<ComponentDefinition<SinkFactory>> sinks;
    private final String errorSink;
    private final TableId errorTable;
    private final String maskedText;

    public PipelineDefinition(
            PipelineSettings settings,
            List<ComponentDefinition<SourceFactory>> sources,
            List<TableRule> tables,
            List<ComponentDefinition<SinkFactory>> sinks,
            String errorSink,
            TableId errorTable,
            String maskedText) {
        this.settings = settings;
        this.sources = List.copyOf(sources);
        this.tables = List.copyOf(tables);
        this.sinks = List.copyOf(sinks);
        this.errorSink = errorSink;
        this.errorTable = errorTable;
        this.maskedText = maskedText;
    }

    public PipelineSettings settings() {
        return settings;
    }

    public List<ComponentDefinition<SourceFactory>> sources() {
        return sources;
    }

    public List<TableRule> tables() {
        return tables;
    }

    public List<ComponentDefinition<SinkFactory>> sinks() {
        return sinks;
    }

    /** The sink that holds the error table. */
    public String errorSink() {
        return errorSink;
    }

    public TableId errorTable() {
        return errorTable;
    }

    /** The effective configuration with every secret masked, for logs and {@code validate}. */
    public String maskedText() {
        return maskedText;
    }
}
