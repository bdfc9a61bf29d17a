package dev.tributary.kafka.format;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;

/**
 * Keeps one set of Jackson's parser buffers for the parsers of one thread, which a decoder opens
 * one at a time, a parser per record. No lock and no ThreadLocal: with a shared pool, handing the
 * buffers over through its lock showed in the task thread's profile, and with Jackson's default
 * pool the ThreadLocal lookup did. A second parser open at the same time gets buffers of its own.
 * Not thread-safe: one per decoder.
 */
final class SingleThreadRecyclerPool implements RecyclerPool<BufferRecycler> {
    private static final long serialVersionUID = 1L;

    private transient BufferRecycler spare;

    @Override
    public BufferRecycler acquirePooled() {
        BufferRecycler r = spare;
        if (r == null) {
            return new BufferRecycler();
        }
        spare = null;
        return r;
    }

    @Override
    public void releasePooled(BufferRecycler recycler) {
        spare = recycler;
    }

    @Override
    public int pooledCount() {
        return spare == null ? 0 : 1;
    }

    @Override
    public boolean clear() {
        spare = null;
        return true;
    }
}
