package io.structex;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;

/**
 * The keeper's start/stop handshake, alone so that it can be tested as such (jcstress:
 * KeeperStartVsRetireTest). One volatile int:
 *
 * <pre>
 *   IDLE -> RUNNING    a registrant that found no keeper (claimStart), or a retiring keeper that
 *                      saw new work after all (tryRetire)
 *   RUNNING -> IDLE    the keeper leaving (tryRetire), or a keeper that could not be started
 * </pre>
 *
 * A registrant writes the registry and then reads the state; the keeper writes IDLE and then reads
 * the registry (a Dekker pair): either the keeper sees the new entry and stays, or the registrant
 * sees IDLE and starts a new keeper.
 */
final class KeeperState {

    private static final int IDLE = 0;
    private static final int RUNNING = 1;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(KeeperState.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // CAS by the thread that starts a keeper (claimStart) and by the keeper that retires; read by
    // both (see the transitions above).
    private volatile int state;

    KeeperState(boolean running) {
        this.state = running ? RUNNING : IDLE;
    }

    /** Called by a registrant after it registered: true if it must start a keeper. */
    boolean claimStart() {
        return state == IDLE && STATE.compareAndSet(this, IDLE, RUNNING);
    }

    /**
     * Called by the keeper when it found nothing active: true if it may leave, false if new work
     * came in the meantime and it stays.
     */
    boolean tryRetire(BooleanSupplier anyActive) {
        state = IDLE;
        return !anyActive.getAsBoolean() || !STATE.compareAndSet(this, IDLE, RUNNING);
    }

    /** The keeper a registrant claimed could not be started. */
    void startFailed() {
        state = IDLE;
    }

    boolean running() {
        return state == RUNNING;
    }
}
