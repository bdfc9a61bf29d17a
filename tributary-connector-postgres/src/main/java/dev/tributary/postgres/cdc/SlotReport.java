package dev.tributary.postgres.cdc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A replication slot's state as {@code tributary status} prints it: label → value. */
final class SlotReport {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    private SlotReport() {}

    /**
     * @param connection an open connection to the slot's server; not closed here
     */
    static Map<String, String> of(Connection connection, String slot) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("slot", slot);
        Optional<SlotLag> lag = SlotLag.of(connection, slot);
        if (lag.isEmpty()) {
            out.put("state", "not created yet (the pipeline has not started)");
            return out;
        }
        SlotLag l = lag.get();
        out.put("active", l.active() ? "yes" : "no");
        out.put("retained WAL", bytes(l.retainedWalBytes()));
        out.put("confirmed-flush lag", bytes(l.confirmedFlushLagBytes()));
        out.put("confirmed LSN", l.confirmedFlushLsn() == null ? "-" : l.confirmedFlushLsn());
        return out;
    }

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 16.0 MiB}: binary units, one decimal. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int unit = -1;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }
}
