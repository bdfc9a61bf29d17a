package dev.tributary.api.spi;

import dev.tributary.api.event.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The database a source captures from, as {@code tributary verify}, {@code status} and {@code run}
 * reach it directly: its JDBC URL and connection properties, which of its tables the source
 * captures, how many rows its snapshot will read, and how the source's position in the database is
 * kept. Immutable and thread-safe; the methods that take a connection use only that connection.
 */
public interface SourceDatabase {

    /** The JDBC URL of the captured database; never null. */
    String jdbcUrl();

    /** Driver properties with user and password; the caller must not log them. */
    Properties connectionProperties();

    /** Whether the source captures {@code table} (schema and table; no catalog). */
    boolean captures(TableId table);

    /**
     * Estimated rows of each table that the source's snapshot reads, for progress displays. Cheap:
     * taken from the database's statistics where it keeps them, with bounded work otherwise.
     *
     * @param connection an open connection to {@link #jdbcUrl()}; used, not closed
     * @param tables captured tables, as {@link #captures} accepts them
     * @return an estimate per table, never null; a table left out has no estimate, and the map is
     *     empty when the source reads no snapshot (it starts at the end of the log) or the database
     *     cannot estimate
     * @throws SQLException when the database cannot be read
     */
    default Map<TableId, Long> estimateRows(Connection connection, List<TableId> tables)
            throws SQLException {
        return Map.of();
    }

    /**
     * Facts about the source's hold on the database, for {@code tributary status}: for a CDC source
     * the replication slot, whether a reader is connected, and how much log the database keeps for
     * it. Values are ready to print (sizes in human units); secrets never appear.
     *
     * @param connection an open connection to {@link #jdbcUrl()}; used, not closed
     * @return label → value in display order (the map's iteration order), never null; empty when
     *     there is nothing to report
     * @throws SQLException when the database cannot be read
     */
    default Map<String, String> health(Connection connection) throws SQLException {
        return Map.of();
    }
}
