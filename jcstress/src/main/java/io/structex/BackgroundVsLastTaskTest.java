package io.structex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The last regular task's exit racing the shutdown, with a background task running: one of them
 * must find that only background work is left and cancel it (BackgroundTasks.cancelIfAlone), or the
 * scope never ends. r1: terminated within 10 s (1) or not (0); r2: the background task was
 * cancelled (1) or not (0).
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * BackgroundVsLastTaskTest"}
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "background cancelled, scope ended")
@Outcome(id = "0, .*", expect = FORBIDDEN, desc = "never terminated: the background task runs on")
@Outcome(expect = FORBIDDEN, desc = "terminated without cancelling the background task")
@State
public class BackgroundVsLastTaskTest {

    private final StructuredExecutor executor = StructuredExecutor.open();
    private final CountDownLatch release = new CountDownLatch(1);
    private final TaskFuture<Object> background;

    public BackgroundVsLastTaskTest() {
        background =
                executor.submitBackground(
                        () -> {
                            new CountDownLatch(1).await(); // until cancelled
                            return null;
                        });
        executor.submit(
                () -> {
                    release.await();
                    return null;
                });
    }

    @Actor
    public void lastTaskEnds() {
        release.countDown();
    }

    @Actor
    public void shutdown() {
        executor.shutdown(false);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        try {
            r.r1 = executor.awaitTermination(10, TimeUnit.SECONDS) ? 1 : 0;
        } catch (InterruptedException e) {
            r.r1 = -1;
        }
        r.r2 = background.isCancelled() ? 1 : 0;
        executor.shutdownNow(); // a failed run leaves nothing behind
    }
}
