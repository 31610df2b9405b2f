package io.structex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** TaskTable: the running tasks of an executor, found by scans. */
class TaskTableTest {

    private static StructuredTask<Integer> task() {
        return new StructuredTask<>(() -> 1);
    }

    @Test
    void add_manyTasks_growsAndFindsEveryOne() {
        TaskTable table = new TaskTable();
        List<StructuredTask<?>> added = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            StructuredTask<Integer> t = task();
            table.add(t, i);
            added.add(t);
        }
        List<StructuredTask<?>> found = table.snapshot();
        Set<StructuredTask<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.addAll(found);
        assertThat(found).hasSameSizeAs(added);
        assertThat(seen.containsAll(added)).isTrue();
        assertThat(table.capacity()).isBetween(100_000, 4 * 100_000);
    }

    @Test
    void add_sameHashEveryTime_growsBoundedly() {
        TaskTable table = new TaskTable();
        List<StructuredTask<?>> added = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            StructuredTask<Integer> t = task();
            table.add(t, 1L); // the same probe places every time: the worst case
            added.add(t);
        }
        assertThat(table.snapshot()).containsExactlyInAnyOrderElementsOf(added);
        assertThat(table.capacity()).isLessThan(1 << 20);
    }

    @Test
    void remove_everyTask_leavesTheTableEmpty() {
        TaskTable table = new TaskTable();
        List<StructuredTask<?>> added = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            StructuredTask<Integer> t = task();
            table.add(t, i);
            added.add(t);
        }
        added.forEach(table::remove);
        assertThat(table.snapshot()).isEmpty();
    }

    @Test
    void remove_everyOtherTask_acrossSegments_removesExactlyThose() {
        TaskTable table = new TaskTable();
        List<StructuredTask<?>> kept = new ArrayList<>();
        List<StructuredTask<?>> removed = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) { // about seven segments: the slot's index spans them all
            StructuredTask<Integer> t = task();
            table.add(t, i);
            (i % 2 == 0 ? kept : removed).add(t);
        }
        removed.forEach(table::remove);
        assertThat(table.snapshot()).containsExactlyInAnyOrderElementsOf(kept);
    }

    @Test
    void add_afterRemovals_reusesFreedSlotsInsteadOfGrowing() {
        TaskTable table = new TaskTable();
        for (int round = 0; round < 1_000; round++) {
            StructuredTask<Integer> t = task();
            table.add(t, round);
            table.remove(t);
        }
        assertThat(table.capacity()).isEqualTo(64);
    }

    @Test
    void containsThread_findsOnlyTheRunnerOfATaskInTheTable() {
        TaskTable table = new TaskTable();
        StructuredTask<Integer> t = task();
        t.bindRunner(Thread.currentThread());
        table.add(t, Thread.currentThread().threadId());
        assertThat(table.containsThread(Thread.currentThread())).isTrue();
        table.remove(t);
        assertThat(table.containsThread(Thread.currentThread())).isFalse();
    }
}
