package io.structex.hazelcast;

import java.io.Serial;

/**
 * Thrown on a member that is shutting down, in place of running a task that reached it too late:
 * nothing of the task ran, so the submitter sends it to another member, whatever its retries.
 */
final class MemberLeaving extends IllegalStateException {

    @Serial private static final long serialVersionUID = 1L;

    MemberLeaving(String member) {
        super("member " + member + " is shutting down: the task did not run there");
    }
}
