package io.structex.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
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
 * <p>It travels as Hazelcast {@link DataSerializable}, not by Java serialization: its own part is
 * two longs, and the task inside is written by Hazelcast as any object (by Java serialization for a
 * {@code Serializable} task, under the member's deserialization filter). Java serialization of the
 * wrapper cost a class descriptor for it and for a {@code UUID} per task, written and read again:
 * about a tenth of a trivial remote task's time (C1, docs/benchmarks.md). Hazelcast makes the
 * member's copy by its no-argument constructor, through reflection: the module opens this package
 * to Hazelcast's module, and to it alone (module-info).
 *
 * @param <T> the result type
 */
final class MemberRun<T extends @Nullable Object>
        implements Callable<T>, HazelcastInstanceAware, DataSerializable {

    // Written once: by the submitter's constructor, or by readData on the member, before
    // Hazelcast hands the object to the thread that runs it.
    private @Nullable Callable<T> task;
    private long submitterHigh; // the endpoint (member or client) that sent it, as a UUID's bits
    private long submitterLow;
    // Set by Hazelcast (setHazelcastInstance) before call(), in the member, on the thread that then
    // calls call(); null on the submitter, where it is never called.
    private @Nullable MemberDrain drain;

    /** For Hazelcast, which reads the rest with {@link #readData}. */
    MemberRun() {}

    MemberRun(Callable<T> task, UUID submitter) {
        this.task = task;
        this.submitterHigh = submitter.getMostSignificantBits();
        this.submitterLow = submitter.getLeastSignificantBits();
    }

    Callable<T> task() {
        Callable<T> t = task;
        if (t == null) {
            throw new IllegalStateException("a MemberRun that was never read");
        }
        return t;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(submitterHigh);
        out.writeLong(submitterLow);
        out.writeObject(task());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        submitterHigh = in.readLong();
        submitterLow = in.readLong();
        task = in.readObject();
        if (task == null) {
            throw new IOException("a structex task without its task");
        }
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        // A task that the member sent itself is not waited for: its submitter is going down too,
        // and fails it (Dispatch); waiting would hold the shutdown that fails it.
        UUID self = member.getLocalEndpoint().getUuid();
        boolean own =
                self.getMostSignificantBits() == submitterHigh
                        && self.getLeastSignificantBits() == submitterLow;
        drain = own ? null : MemberDrain.of(member);
        Callable<T> t = task();
        inject(t, member);
        if (t instanceof RunnableCall<?> call) {
            inject(call.task(), member);
        } else if (t instanceof FunctionCall<?, ?> call) {
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
            return task().call();
        }
        d.enter(); // throws MemberLeaving once the member shuts down
        try {
            return task().call();
        } finally {
            d.exit();
        }
    }

    @Override
    public String toString() {
        Callable<T> t = task;
        return t == null ? "MemberRun (unread)" : t.toString();
    }
}
