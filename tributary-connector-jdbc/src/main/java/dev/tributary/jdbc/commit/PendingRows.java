package dev.tributary.jdbc.commit;

import dev.tributary.jdbc.dialect.Rows;
import java.util.List;

/** A range of pending rows as the dialect reads them. */
final class PendingRows implements Rows {
    private final List<Pending> pending;
    private final int from;
    private final int to;

    PendingRows(List<Pending> pending, int from, int to) {
        this.pending = pending;
        this.from = from;
        this.to = to;
    }

    @Override
    public int size() {
        return to - from;
    }

    @Override
    public Object[] row(int index) {
        return pending.get(from + index).row();
    }

    @Override
    public boolean isDelete(int index) {
        return pending.get(from + index).delete();
    }
}
