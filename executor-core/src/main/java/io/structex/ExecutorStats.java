package io.structex;

/**
 * A snapshot of an executor's counters, from {@link StructuredExecutor#stats()}. The counters are
 * read one after the other while tasks run, so a snapshot need not add up exactly; once the executor
 * is terminated it does: {@code submitted == completed + failed + cancelled}.
 *
 * @param submitted tasks accepted by {@code submit}, {@code execute}, {@code map} and
 *     {@code invoke*} (rejected ones are not counted)
 * @param completed tasks whose body returned normally
 * @param failed tasks whose body threw (or that could not be given a thread)
 * @param cancelled tasks cancelled before or while they ran
 * @param pending tasks submitted and not finished executing ({@link StructuredExecutor#pendingCount()})
 * @param running task bodies running now
 * @param peakRunning the most task bodies that ran at once so far
 */
public record ExecutorStats(long submitted, long completed, long failed, long cancelled,
        int pending, int running, int peakRunning) {}
