package dev.tributary.jdbc.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The plain-text report of a verify run: one aligned line per table pair (tables, key, counts,
 * checksums, ranges examined, rows fetched, result), then the differences and notes of each table
 * that does not match, then one summary line. Long values are cut to {@value #MAX_VALUE}
 * characters.
 */
public final class ResultTable {
    static final int MAX_VALUE = 40;

    private static final String[] HEADER = {
        "SOURCE",
        "TARGET",
        "KEY",
        "SOURCE ROWS",
        "TARGET ROWS",
        "SOURCE CHECKSUM",
        "TARGET CHECKSUM",
        "RANGES",
        "FETCHED",
        "RESULT"
    };
    private static final boolean[] RIGHT = {
        false, false, false, true, true, false, false, true, true, false
    };

    private ResultTable() {}

    /** The report; lines end with {@code \n}. */
    public static String format(VerifyResult result) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (TableResult t : result.tables()) {
            rows.add(
                    new String[] {
                        t.pair().source().text(),
                        t.pair().target().text(),
                        t.key().isEmpty() ? "-" : String.join(",", t.key()),
                        t.source() == null ? "-" : Long.toString(t.source().count()),
                        t.target() == null ? "-" : Long.toString(t.target().count()),
                        t.source() == null ? "-" : t.source().checksumHex(),
                        t.target() == null ? "-" : t.target().checksumHex(),
                        Integer.toString(t.rangesExamined()),
                        Long.toString(t.rowsFetched()),
                        t.match() ? "equal" : "DIFFERENT"
                    });
        }
        StringBuilder out = new StringBuilder(align(rows, RIGHT));
        for (TableResult t : result.tables()) {
            if (!t.match()) {
                details(t, out);
            }
        }
        return out.append('\n').append(summary(result)).append('\n').toString();
    }

    /** Lays out rows of cells in columns two spaces apart, without trailing blanks. */
    static String align(List<String[]> rows, boolean[] rightAligned) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String pad = " ".repeat(width[i] - row[i].length());
                line.append(i == 0 ? "" : "  ");
                line.append(rightAligned[i] ? pad + row[i] : row[i] + pad);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static void details(TableResult t, StringBuilder out) {
        out.append('\n').append(t.pair()).append(": ");
        int n = t.differences().size();
        if (n == 0) {
            out.append("differs");
        } else {
            out.append(n)
                    .append(n == 1 ? " differing key" : " differing keys")
                    .append(t.moreDifferences() ? " listed, more differ" : "");
        }
        out.append('\n');
        List<String[]> rows = new ArrayList<>();
        for (Difference d : t.differences()) {
            rows.add(new String[] {"  " + d.kind().described(), values(d.key()), describe(d)});
        }
        if (!rows.isEmpty()) {
            out.append(align(rows, new boolean[3]));
        }
        for (String note : t.notes()) {
            out.append("  note: ").append(note).append('\n');
        }
    }

    private static String describe(Difference d) {
        switch (d.kind()) {
            case MISSING_IN_TARGET:
                return "source: " + values(d.source());
            case EXTRA_IN_TARGET:
                return "target: " + values(d.target());
            case DIFFERENT:
                StringBuilder b = new StringBuilder();
                for (String c : d.columns()) {
                    b.append(b.length() == 0 ? "" : "; ")
                            .append(c)
                            .append(": source ")
                            .append(value(d.source().get(c)))
                            .append(", target ")
                            .append(value(d.target().get(c)));
                }
                return b.toString();
            default:
                throw new IllegalArgumentException("unknown kind of difference: " + d.kind());
        }
    }

    private static String values(Map<String, String> values) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            b.append(b.length() == 0 ? "" : ", ")
                    .append(e.getKey())
                    .append('=')
                    .append(value(e.getValue()));
        }
        return b.toString();
    }

    /** {@code NULL} for a database NULL, else the canonical text, cut when long. */
    static String value(String v) {
        if (v == null) {
            return "NULL";
        }
        return v.length() <= MAX_VALUE ? v : v.substring(0, MAX_VALUE - 3) + "...";
    }

    private static String summary(VerifyResult r) {
        int differ = 0;
        for (TableResult t : r.tables()) {
            differ += t.match() ? 0 : 1;
        }
        String took =
                r.attempts()
                        + (r.attempts() == 1 ? " attempt" : " attempts")
                        + " ("
                        + seconds(r.elapsed().toMillis())
                        + ")";
        if (r.waited()) {
            return r.caughtUp()
                    ? "The target caught up: all "
                            + r.tables().size()
                            + " tables equal after "
                            + took
                            + "."
                    : "The target did NOT catch up within "
                            + seconds(r.timeout().toMillis())
                            + ": "
                            + differ
                            + " of "
                            + r.tables().size()
                            + " tables still differ after "
                            + took
                            + ".";
        }
        return differ == 0
                ? "All "
                        + r.tables().size()
                        + " tables equal ("
                        + seconds(r.elapsed().toMillis())
                        + ")."
                : differ
                        + " of "
                        + r.tables().size()
                        + " tables differ ("
                        + seconds(r.elapsed().toMillis())
                        + ").";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
