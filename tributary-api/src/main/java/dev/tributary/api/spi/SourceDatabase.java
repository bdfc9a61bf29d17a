package dev.tributary.api.spi;

import dev.tributary.api.event.TableId;
import java.util.Properties;

/**
 * The database a source captures from, as {@code tributary verify} and {@code tributary status}
 * reach it directly: its JDBC URL and connection properties, and which of its tables the source
 * captures. Immutable.
 */
public interface SourceDatabase {

    /** The JDBC URL of the captured database; never null. */
    String jdbcUrl();

    /** Driver properties with user and password; the caller must not log them. */
    Properties connectionProperties();

    /** Whether the source captures {@code table} (schema and table; no catalog). */
    boolean captures(TableId table);
}
