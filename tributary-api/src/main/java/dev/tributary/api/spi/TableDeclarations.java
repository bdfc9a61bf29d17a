package dev.tributary.api.spi;

import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import java.io.Serializable;

/**
 * The table schemas the pipeline file declares with {@code columns:} (and {@code key:}) under
 * {@code tables:}, looked up by the source's table id (for Kafka: the topic name parsed as a table
 * id). Implementations are immutable, serializable and cache lookups, so calling this per event is
 * cheap.
 */
public interface TableDeclarations extends Serializable {

    /** The declared schema of {@code table}, or null when the file declares none for it. */
    TableSchema schemaFor(TableId table);

    /** No declarations at all. */
    TableDeclarations NONE = table -> null;
}
