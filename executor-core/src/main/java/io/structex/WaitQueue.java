package io.structex;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes.
 *
 * The FIFO queue of the tasks that wait for a maxConcurrency slot (Slots): a Michael-Scott
 * linked queue, its head and its tail each alone on a cache line. Submitters offer at the tail;
 * workers poll at the head; a task's own waiter may remove it (Workers.claimForHelper).
 *
 *   offer:  link a node after the last one (CAS next: null -> node), then swing the tail (CAS)
 *   poll:   swing the head from the dummy to its successor (CAS), which becomes the dummy; take
 *           its item (getAndSet null); a null item was removed: poll again
 *   remove: find the node, CAS its item task -> null (poll skips it later)
 *
 * The head node is a dummy (its item already taken). A polled-past node links to itself
 * (next = self), so that a dead node promoted to the old generation keeps no chain of younger
 * nodes alive (GC nepotism), as ConcurrentLinkedQueue does; whoever walks into a self-link has
 * fallen off the list and starts again from the head. The tail may lag the head (a poll can pass
 * a node whose offer has not swung the tail yet): an offer that finds the tail self-linked moves
 * it to the head and tries again.
 *
 * Every access is volatile (CAS, getAndSet, volatile reads), so isEmpty() after a Slots.release()
 * and tryAcquire() after an offer() form the Dekker pair that Slots describes.
 *
 * Why not ConcurrentLinkedQueue, its first design: its head and tail are two fields of one
 * object, so every poll (a worker) and every offer (the submitter) write the same cache line. In
 * P5 (one submitter, eight workers on two carriers, the queue mostly short) that line moved
 * between the cores at every task: the submitter spent three quarters of its time in offer() and
 * in the read of the free count after it, and a round took 16 to 117 ms as the submitter and the
 * workers raced (docs/benchmarks.md, [5/5]). Here the head and the tail sit in one array, at least
 * 60 bytes from each other and from anything outside it: 19-24 ms in every JVM (P5,
 * BoundedBenchmark and FreshJvmHarness).
 */
final class WaitQueue {

    /** A node: a waiting task, or null once polled or removed. */
    private static final class Node {
        // Set by the offer that makes the node; cleared once, by a poll (getAndSet) or a remove
        // (CAS); read by walks.
        volatile @Nullable StructuredTask<?> item;
        // null -> the next node (an offer's CAS) -> this node (the poll that passes it); read by
        // every walk.
        volatile @Nullable Node next;

        Node(@Nullable StructuredTask<?> item) {
            this.item = item;
        }
    }

    /** References from one end to the other and to the array's edges: 64 bytes (compressed). */
    private static final int PAD = 16;

    private static final int HEAD = PAD;
    private static final int TAIL = 3 * PAD;

    private static final VarHandle ENDS = MethodHandles.arrayElementVarHandle(Node[].class);
    private static final VarHandle NEXT;
    private static final VarHandle ITEM;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
            ITEM = lookup.findVarHandle(Node.class, "item", StructuredTask.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ends[HEAD]: the dummy node, moved by polls (CAS); ends[TAIL]: the last node or one before
    // it, moved by offers (CAS); both read by every offer, poll and walk. Never null.
    private final Node[] ends = new Node[4 * PAD];

    WaitQueue() {
        Node dummy = new Node(null);
        ENDS.setVolatile(ends, HEAD, dummy);
        ENDS.setVolatile(ends, TAIL, dummy);
    }

    private Node head() {
        return (Node) ENDS.getVolatile(ends, HEAD);
    }

    /** Appends a task. Lock-free; does not block. */
    void offer(StructuredTask<?> task) {
        Node node = new Node(task);
        for (; ; ) {
            Node last = (Node) ENDS.getVolatile(ends, TAIL);
            Node next = last.next;
            if (next == null) {
                if (NEXT.compareAndSet(last, (Node) null, node)) {
                    ENDS.compareAndSet(ends, TAIL, last, node); // or a later offer swings it
                    return;
                }
            } else if (next == last) {
                ENDS.compareAndSet(ends, TAIL, last, head()); // polled past: restart at the head
            } else {
                ENDS.compareAndSet(ends, TAIL, last, next); // lagging: help it along
            }
        }
    }

    /** Removes and returns the oldest task, or null if none waits. Lock-free; does not block. */
    @Nullable StructuredTask<?> poll() {
        for (; ; ) {
            Node dummy = head();
            Node first = dummy.next;
            if (first == null) {
                return null;
            }
            if (first != dummy && ENDS.compareAndSet(ends, HEAD, dummy, first)) {
                NEXT.setRelease(dummy, dummy); // off the list (see the notes)
                StructuredTask<?> task =
                        (StructuredTask<?>) ITEM.getAndSet(first, (StructuredTask<?>) null);
                if (task != null) {
                    return task;
                }
            }
        }
    }

    /** Whether no task waits (volatile reads; the Dekker pair in Slots). */
    boolean isEmpty() {
        return find(null) == null;
    }

    /**
     * Removes a waiting task, O(queue length); for a sibling that runs it itself (rare).
     *
     * @return whether this call removed it (then no poll returns it)
     */
    boolean remove(StructuredTask<?> task) {
        Node node = find(task);
        return node != null && ITEM.compareAndSet(node, task, (StructuredTask<?>) null);
    }

    /**
     * The first node after the head that holds {@code task} (any task, if null); a walk that falls
     * off the list (a self-link) starts again from the head.
     */
    private @Nullable Node find(@Nullable StructuredTask<?> task) {
        restart:
        for (; ; ) {
            Node p = head();
            for (Node next; (next = p.next) != null; p = next) {
                if (next == p) {
                    continue restart;
                }
                StructuredTask<?> item = next.item;
                if (item != null && (task == null || item == task)) {
                    return next;
                }
            }
            return null;
        }
    }
}
