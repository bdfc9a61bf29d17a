package dev.tributary.postgres.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * How far a replication slot trails the server: the WAL it keeps from being removed, and how much
 * of it the reader has not confirmed yet. For status displays; immutable.
 */
public final class SlotLag {
    private static final String QUERY =
            "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint,"
                    + " pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint,"
                    + " active, confirmed_flush_lsn::text"
                    + " FROM pg_replication_slots WHERE slot_name = ?";

    private final String slot;
    private final long retainedWalBytes;
    private final long confirmedFlushLagBytes;
    private final boolean active;
    private final String confirmedFlushLsn;

    private SlotLag(
            String slot,
            long retainedWalBytes,
            long confirmedFlushLagBytes,
            boolean active,
            String confirmedFlushLsn) {
        this.slot = slot;
        this.retainedWalBytes = retainedWalBytes;
        this.confirmedFlushLagBytes = confirmedFlushLagBytes;
        this.active = active;
        this.confirmedFlushLsn = confirmedFlushLsn;
    }

    /**
     * Reads the lag of {@code slot} on a primary server.
     *
     * @param connection an open connection to the slot's database server; not closed here
     * @return the lag, or empty when there is no such slot
     * @throws SQLException when the query fails (for example on a standby)
     */
    public static Optional<SlotLag> of(Connection connection, String slot) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(QUERY)) {
            s.setString(1, slot);
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(
                        new SlotLag(
                                slot,
                                rows.getLong(1),
                                rows.getLong(2),
                                rows.getBoolean(3),
                                rows.getString(4)));
            }
        }
    }

    public String slot() {
        return slot;
    }

    /** WAL bytes the server keeps for the slot: current WAL position minus restart_lsn. */
    public long retainedWalBytes() {
        return retainedWalBytes;
    }

    /** WAL bytes written since the position the reader last confirmed (confirmed_flush_lsn). */
    public long confirmedFlushLagBytes() {
        return confirmedFlushLagBytes;
    }

    /** True while a reader is connected to the slot. */
    public boolean active() {
        return active;
    }

    /** The confirmed position as PostgreSQL prints it, such as {@code 0/16B3748}, or null. */
    public String confirmedFlushLsn() {
        return confirmedFlushLsn;
    }

    @Override
    public String toString() {
        return "slot "
                + slot
                + ": retained "
                + retainedWalBytes
                + " bytes, unconfirmed "
                + confirmedFlushLagBytes
                + " bytes, "
                + (active ? "active" : "inactive");
    }
}
