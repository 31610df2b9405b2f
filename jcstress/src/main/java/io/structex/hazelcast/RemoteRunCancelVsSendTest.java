package io.structex.hazelcast;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * A cancel of a remote run racing the send of its attempt (RemoteRun's Dekker pair: cancel writes
 * cancelRequested and reads current; the sender writes current and reads cancelRequested): the
 * attempt is cancelled by one side or both, and the run then ends. r1: how many times the attempt's
 * cancel was called by the time the run ended (0 if it had not ended within 10 s).
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * RemoteRunCancelVsSendTest"}
 */
@JCStressTest
@Outcome(id = "1", expect = ACCEPTABLE, desc = "one side cancelled the attempt")
@Outcome(id = "2", expect = ACCEPTABLE, desc = "both did (Hazelcast's second cancel is a no-op)")
@Outcome(id = "0", expect = FORBIDDEN, desc = "neither: the attempt runs on, the run never ends")
@State
public class RemoteRunCancelVsSendTest {

    /** An attempt that counts its cancels, as a Hazelcast remote future stands in for here. */
    static final class Attempt extends CompletableFuture<Object> {
        final AtomicInteger cancels = new AtomicInteger();

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancels.incrementAndGet();
            return super.cancel(mayInterruptIfRunning);
        }
    }

    private final RemoteRun<Object> run = new RemoteRun<>(ConcurrentHashMap.newKeySet(), () -> 1);
    private final Attempt attempt = new Attempt();

    @Actor
    public void send() {
        run.sent(attempt, null); // the member only names the run in describe()
    }

    @Actor
    public void cancel() {
        run.cancel(true);
    }

    @Arbiter
    public void arbiter(I_Result r) {
        try {
            run.handle((value, failure) -> null).get(10, TimeUnit.SECONDS);
            r.r1 = attempt.cancels.get();
        } catch (TimeoutException e) {
            r.r1 = 0;
        } catch (Exception e) {
            r.r1 = -1;
        }
    }
}
