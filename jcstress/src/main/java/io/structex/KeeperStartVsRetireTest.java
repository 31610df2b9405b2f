package io.structex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.ConcurrentHashMap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * The keep-alive thread leaving racing a new registration (KeeperState's Dekker pair): if the
 * keeper leaves, the registrant must start a new one, or the JVM could exit with a task pending.
 * r1: the registrant claimed a keeper start; r2: the running keeper left.
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * KeeperStartVsRetireTest"}
 */
@JCStressTest
@Outcome(id = "false, false", expect = ACCEPTABLE, desc = "the keeper saw the new work and stayed")
@Outcome(
        id = "true, true",
        expect = ACCEPTABLE,
        desc = "the keeper left; the registrant starts a new one")
@Outcome(
        id = "false, true",
        expect = FORBIDDEN,
        desc = "the keeper left and none was started: the exit promise broken")
@Outcome(id = "true, false", expect = FORBIDDEN, desc = "two keepers")
@State
public class KeeperStartVsRetireTest {

    private final KeeperState keeper = new KeeperState(true);
    private final ConcurrentHashMap<String, Boolean> registry = new ConcurrentHashMap<>();

    private boolean anyActive() {
        return registry.keySet().iterator().hasNext();
    }

    @Actor
    public void register(ZZ_Result r) {
        registry.put("executor", Boolean.TRUE);
        r.r1 = keeper.claimStart();
    }

    @Actor
    public void keeperLooks(ZZ_Result r) {
        r.r2 = !anyActive() && keeper.tryRetire(this::anyActive);
    }
}
