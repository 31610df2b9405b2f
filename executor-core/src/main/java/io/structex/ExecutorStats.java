package io.structex;

/**
 * A snapshot of an executor's counters, from {@link StructuredExecutor#stats()}. The counters are
 * read one after the other while tasks run, so a snapshot need not add up exactly; once the
 * executor is terminated it does: {@code submitted == completed + failed + cancelled}.
 *
 * @param submitted tasks accepted by {@code submit}, {@code execute}, {@code map} and {@code
 *     invoke*} (rejected ones are not counted)
 * @param completed tasks whose body returned normally
 * @param failed tasks whose body threw (or that could not be given a thread)
 * @param cancelled tasks cancelled before or while they ran
 * @param pending tasks submitted and not finished executing ({@link
 *     StructuredExecutor#pendingCount()})
 * @param running task bodies running now, counted when the snapshot is taken
 * @param peakRunning the most task bodies that ran at once so far. With {@link
 *     StructuredExecutorBuilder#maxConcurrency maxConcurrency}, exact: the most worker threads at
 *     once, never above the bound. Without it, the most seen by samples: each {@code stats()} and
 *     {@code describe()} call, and a look every 20 ms while tasks are pending (less often for
 *     executors that have run more than 64Ki tasks at once); a burst shorter than that can be
 *     missed. An exact count would put two updates of one shared counter on every task's path, the
 *     largest cost left in structex's per-task bookkeeping (docs/benchmarks.md)
 */
public record ExecutorStats(
        long submitted,
        long completed,
        long failed,
        long cancelled,
        int pending,
        int running,
        int peakRunning) {}
