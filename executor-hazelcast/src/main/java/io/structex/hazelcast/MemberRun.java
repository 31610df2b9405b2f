package io.structex.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serial;
import java.io.Serializable;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * What travels to the member: the user's task (or a {@link RunnableCall} or {@link FunctionCall}),
 * run under the member's {@link MemberDrain} (unless the member sent it itself), so that a member
 * that shuts down gracefully first lets its running structex tasks end and answer, and refuses new
 * ones ({@link MemberLeaving}: the task is sent to another member, nothing of it having run).
 * Hazelcast injects the member's instance here; it is passed on to the task (and to a map's
 * function) if they ask for it.
 *
 * @param <T> the result type
 */
final class MemberRun<T extends @Nullable Object>
        implements Callable<T>, HazelcastInstanceAware, Serializable {

    @Serial private static final long serialVersionUID = 1L;

    private final Callable<T> task;
    private final UUID submitter; // the endpoint (member or client) that sent it
    // Set by Hazelcast (setHazelcastInstance) before call(), in the member, on the thread that then
    // calls call(); null on the submitter, where it is never called.
    private transient @Nullable MemberDrain drain;

    MemberRun(Callable<T> task, UUID submitter) {
        this.task = task;
        this.submitter = submitter;
    }

    Callable<T> task() {
        return task;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        // A task that the member sent itself is not waited for: its submitter is going down too,
        // and fails it (Dispatch); waiting would hold the shutdown that fails it.
        drain =
                submitter.equals(member.getLocalEndpoint().getUuid())
                        ? null
                        : MemberDrain.of(member);
        inject(task, member);
        if (task instanceof RunnableCall<?> call) {
            inject(call.task(), member);
        } else if (task instanceof FunctionCall<?, ?> call) {
            inject(call.fn(), member);
        }
    }

    private static void inject(Object o, HazelcastInstance member) {
        if (o instanceof HazelcastInstanceAware aware) {
            aware.setHazelcastInstance(member);
        }
    }

    @Override
    public T call() throws Exception {
        MemberDrain d = drain;
        if (d == null) { // sent by this member itself, or not run by a member's executor
            return task.call();
        }
        d.enter(); // throws MemberLeaving once the member shuts down
        try {
            return task.call();
        } finally {
            d.exit();
        }
    }

    @Override
    public String toString() {
        return task.toString();
    }
}
