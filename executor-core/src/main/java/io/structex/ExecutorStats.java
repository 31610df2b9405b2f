package io.structex;

/**
 * A snapshot of an executor's counters, from {@link StructuredExecutor#stats()}. The counters are
 * read one after the other while tasks run, so a snapshot need not add up exactly; once the
 * executor is terminated it does: {@code submitted == completed + failed + cancelled}.
 *
 * <p>Keeping them costs a task nothing it would not pay anyway: submissions and completions are
 * derived from the pending count, running tasks are counted in the executor's table when the
 * snapshot is taken, and only the rare outcomes (failure, cancellation, rejection) are counted as
 * they happen. So reading them often (a metrics registry's scrape, see {@code
 * io.structex.micrometer}) costs the reader, not the tasks.
 *
 * @param submitted tasks accepted by {@code submit}, {@code execute}, {@code map} and {@code
 *     invoke*} (rejected ones are not counted)
 * @param completed tasks whose body returned normally
 * @param failed tasks whose body threw (or that could not be given a thread)
 * @param cancelled tasks cancelled before or while they ran
 * @param rejected submit attempts refused with {@link
 *     java.util.concurrent.RejectedExecutionException} (after a shutdown, while the JVM exits, or
 *     when no thread could be started); a {@code map} call refused before it read an item counts
 *     one
 * @param pending tasks submitted and not finished executing ({@link
 *     StructuredExecutor#pendingCount()})
 * @param running task bodies running now, counted when the snapshot is taken
 * @param waiting with {@link StructuredExecutorBuilder#maxConcurrency maxConcurrency}, the pending
 *     tasks that are not running: queued for a slot (or cancelled while their body still ends); 0
 *     without it, where every task gets its thread at submit
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
        long rejected,
        int pending,
        int running,
        int waiting,
        int peakRunning) {}
