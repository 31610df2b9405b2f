package io.structex;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: shielded bodies (StructuredExecutor.shielded), cleanup that a
 * cancellation must not cut short, as Trio's shielded cancel scope and Kotlin's NonCancellable.
 *
 * Every interrupt by which structex cancels a running task goes through deliver (from
 * StructuredTask.interruptFrom: cancel(true), shutdownNow, fail-fast, the timeout, a parent's
 * cancellation, the background tasks' end, the JVM's grace period). SHIELDS maps each thread that
 * is inside a shielded body to its Shield. deliver, and a shield's entry and exit, are each one
 * ConcurrentHashMap.compute on the thread's key, so they are ordered one after the other: an
 * interrupt either finds the shield and is owed (set when the outermost body ends), or comes
 * before the entry, and the entry then finds the flag set: it clears it for the body and sets it
 * again after. Nothing is lost either way, and the future was cancelled before the interrupt was
 * sent (jcstress: ShieldedEndVsCancelTest).
 *
 * The interrupt is sent inside compute, under the map's bin lock (a monitor): Thread.interrupt
 * sets a flag and unparks, it never blocks, so a virtual canceller pins its carrier for that
 * moment only. Interrupts that user code sends with Thread.interrupt() do not come here and are
 * not shielded.
 *
 * Rejected: a shield field in every task (4 more bytes in every future for a feature few tasks
 * use, and the thread would first have to find its task); a ThreadLocal (the canceller cannot read
 * another thread's); a check of a "shields in use" flag before compute (a canceller that read it
 * false could interrupt a shield entered just after: a lost race, not a cheaper one). The cost is
 * one compute per cancelling interrupt, on the cancellation path only.
 */
final class Shields {

    private static final ConcurrentHashMap<Thread, Shield> SHIELDS = new ConcurrentHashMap<>();

    private Shields() {}

    /** A thread's shielded bodies; its fields are read and written under the key's bin lock. */
    private static final class Shield {
        int depth; // nested shielded bodies; 0 when it leaves the map
        boolean owed; // a cancellation's interrupt arrived during the body
    }

    /** Interrupts a task's thread to cancel it, unless the thread is in a shielded body. */
    static void deliver(Thread thread) {
        SHIELDS.compute(
                thread,
                (t, shield) -> {
                    if (shield == null) {
                        t.interrupt();
                    } else {
                        shield.owed = true;
                    }
                    return shield;
                });
    }

    /** StructuredExecutor.shielded. */
    static <T extends @Nullable Object> T run(Callable<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        if (TaskThreadMark.currentTaskExecutor() == null) {
            return body.call();
        }
        Thread me = Thread.currentThread();
        Shield entered =
                SHIELDS.compute(
                        me,
                        (t, shield) -> {
                            Shield s = shield == null ? new Shield() : shield;
                            s.depth++;
                            return s;
                        });
        boolean outermost = entered.depth == 1; // depth: written by this thread only
        boolean flagAtEntry = outermost && Thread.interrupted();
        try {
            return body.call();
        } finally {
            boolean[] owed = new boolean[1];
            SHIELDS.compute(
                    me,
                    (t, shield) -> {
                        if (shield == null || --shield.depth > 0) {
                            return shield;
                        }
                        owed[0] = shield.owed;
                        return null;
                    });
            if (flagAtEntry || owed[0]) {
                me.interrupt();
            }
        }
    }
}
