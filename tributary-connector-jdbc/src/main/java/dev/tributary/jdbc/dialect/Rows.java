package dev.tributary.jdbc.dialect;

/**
 * The rows of one set-based write, aligned with {@link WriteTarget#columns()}. Values have the Java
 * class of their column's logical type (see {@link dev.tributary.api.event.TypeKind#javaClass()}).
 * For upserts each row is either a row to upsert or a key to delete; keys are unique within one
 * {@code Rows}. Read-only; implementations are not thread-safe.
 */
public interface Rows {

    int size();

    /** The row at {@code index}; never null, never modified by the reader. */
    Object[] row(int index);

    /** True when the row at {@code index} is a key to delete (upserts only). */
    boolean isDelete(int index);
}
