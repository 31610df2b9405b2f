#!/usr/bin/env python3
"""Reads JMH's JSON output and prints, per scenario, structex's score, its baseline's score from
the same run, and the ratio (structex / baseline: lower is better, 1.0 is parity); writes a bar
chart of the ratios against their targets as SVG. Standard library only.

A score is the median of every measured iteration of every fork (JMH's mean and its 99.9% error
are shown beside it): on a shared 2-core machine one iteration in ten can take several times the
others (a GC, a neighbour), which moves a mean far more than a median. Beside the ratio of the
medians, the per-fork ratios (fork i of structex over fork i of its baseline, each fork's own
median): their min, median and max, since a JVM can settle in a slow or a fast mode for its whole
life, and a target is meant to hold in every fork.

Usage: report.py JMH_RESULT.json CHART.svg
"""
import json
import statistics
import sys

# benchmark class -> (scenario id, what it measures, baseline, target ratio): the targets of
# [5/5], each meant to hold in every fork, not only for the medians.
SCENARIOS = {
    "SubmitCloseBenchmark": ("P1", "submit 100k trivial tasks, then close()", "jdk", 1.00),
    "SubmitGetBenchmark": ("P2", "10k sequential submit(x).get()", "jdk", 1.00),
    "FanOutSleepBenchmark": ("P3", "fan-out of 100k tasks sleeping 200 ms", "jdk", 1.00),
    "MapBenchmark": ("P4", "map over 200k items, in order", "jdk", 1.05),
    "BoundedBenchmark": ("P5", "200k tasks, maxConcurrency(8) vs fixed pool", "fixedPool", 0.80),
    "ConcurrentSubmitBenchmark": ("P6", "8 submitters x 100k tasks", "jdk", 1.00),
}

# The cluster scenarios (ClusterExecutor vs Hazelcast's IExecutorService on the same cluster):
# opt-in (they start members), so a run without them is not partial.
CLUSTER = {
    "ClusterOverheadBenchmark": ("C1", "batches of 100 trivial tasks, 3 members", "hazelcast", 1.10),
}

# Pairs inside one benchmark told apart by another parameter: (id, what, side, baseline, target).
PAIRS = {
    "MetricsBoundBenchmark": ("P1m", "P1 with Micrometer meters bound, vs unbound",
                              "metrics=bound", "metrics=unbound", 1.05),
}
FAN_OUT = "ClusterFanOutBenchmark"  # C2: time per task on 1, 2, 3 members; scaling vs linear

# Scenarios without a target in the issue: reported with their ratio, not charted.
INFORMATIONAL = {
    "ScopeBenchmark": ("P7", "per-request scope: open, 3 tasks, get, close", "jdk"),
}


# PairedBenchmark: both sides in every fork (scenario id -> what one run of it is, its unit, the
# operations one run counts, the baseline's name). Its forks' ratios are the table of [5/5].
PAIRED = "PairedBenchmark"
PAIRED_OPS = {"P1": 100_000, "P2": 10_000, "P3": 1, "P4": 200_000, "P5": 200_000,
              "P6": 800_000}


def load_paired(path):
    """scenario id -> [(structex ns, baseline ns, pairs)] per fork, summed over its iterations."""
    forks = {}
    with open(path) as f:
        for entry in json.load(f):
            if entry["benchmark"].split(".")[-2] != PAIRED:
                continue
            sec = entry.get("secondaryMetrics", {})
            if not all(k in sec for k in ("structexNs", "baselineNs", "pairs")):
                continue
            sides = zip(sec["structexNs"]["rawData"], sec["baselineNs"]["rawData"],
                        sec["pairs"]["rawData"])
            forks[entry["params"]["scenario"]] = [(sum(s), sum(b), sum(n)) for s, b, n in sides]
    return forks


def paired_table(forks):
    """The table of [5/5] from PairedBenchmark: per-task times (median of forks) and the forks'
    ratios, each fork's the sum of structex's time over the sum of its baseline's."""
    targets = {sid: (what, baseline, target)
               for sid, what, baseline, target in SCENARIOS.values()}
    lines = ["| id | scenario | structex, per task | baseline, per task | per fork: min / median"
             " / max (forks) | target | met |", "|---|---|---|---|---|---|---|"]
    for sid in sorted(forks):
        what, baseline, target = targets[sid]
        runs = [f for f in forks[sid] if f[1] and f[2]]
        if not runs:
            continue
        ops = PAIRED_OPS[sid]
        unit, scale = {"P2": ("us", 1e3), "P3": ("ms", 1e6)}.get(sid, ("ns", 1.0))
        s = statistics.median(x / n / ops / scale for x, _, n in runs)
        b = statistics.median(y / n / ops / scale for _, y, n in runs)
        ratios = [x / y for x, y, _ in runs]
        worst = max(ratios)
        lines.append(f"| {sid} | {what} | {s:.4g} {unit} | {b:.4g} {unit} ({baseline}) | "
                     f"{min(ratios):.2f} / {statistics.median(ratios):.2f} / {worst:.2f} "
                     f"({len(ratios)}) | <= {target:.2f} | "
                     f"{verdict(worst, statistics.median(ratios), target)} |")
    return "\n".join(lines)


def paired_chart_rows(forks):
    """Rows for svg(): each scenario's median fork ratio against its target."""
    out = []
    for sid, what, _, target in SCENARIOS.values():
        runs = [f for f in forks.get(sid, []) if f[1]]
        if runs:
            ratio = statistics.median(x / y for x, y, _ in runs)
            out.append((sid, what, None, None, ratio, target))
    return out


def load(path):
    scores = {}
    with open(path) as f:
        for entry in json.load(f):
            cls = entry["benchmark"].split(".")[-2]
            params = entry.get("params", {})
            impl = params.get("impl") or ",".join(f"{k}={v}" for k, v in sorted(params.items()))
            if "members" in params:  # the cluster scenarios: one score per cluster size
                impl = f"{impl}@{params['members']}"
            m = entry["primaryMetric"]
            raw = [x for fork in m.get("rawData", []) for x in fork] or [m["score"]]
            forks = [statistics.median(fork) for fork in m.get("rawData", []) if fork]
            scores[(cls, impl)] = (statistics.median(raw), m["score"], m["scoreError"],
                                   m["scoreUnit"], forks)
    return scores


def verdict(worst, central, target):
    """The "met" column: every fork within the target, only the central ratio, or neither."""
    if worst <= target:
        return "yes, every fork"
    if central <= target:
        return f"medians only (a fork at {worst:.2f})"
    return f"no (+{(central / target - 1) * 100:.0f}%)"


def per_fork(s, b):
    """min / median / max of fork i's ratio, over the forks both sides have."""
    ratios = [x / y for x, y in zip(s[4], b[4]) if y]
    if not ratios:
        return "n/a"
    return (f"{min(ratios):.2f} / {statistics.median(ratios):.2f} / {max(ratios):.2f}"
            f" ({len(ratios)} forks)")


def line(sid, what, s, b, target):
    ratio = s[0] / b[0]
    if target is None:
        met, goal = "", "(none)"
    else:
        worst = max([x / y for x, y in zip(s[4], b[4]) if y] or [ratio])
        met = verdict(worst, ratio, target)
        goal = f"<= {target:.2f}"
    return (f"| {sid} | {what} | {fmt(s)} | {fmt(b)} | {ratio:.2f} | {per_fork(s, b)} | {goal}"
            f" | {met} |")


def rows(scores):
    out = []
    for cls, (sid, what, baseline, target) in SCENARIOS.items():
        if (cls, "structex") in scores and (cls, baseline) in scores:
            s = scores[(cls, "structex")]
            b = scores[(cls, baseline)]
            out.append((sid, what, s, b, s[0] / b[0], target))
    return out


def fmt(score):
    median, mean, error, unit, _ = score
    try:
        error = float(error)
    except (TypeError, ValueError):
        error = float("nan")
    err = "" if error != error else f" ± {error:.3g}"  # NaN: a single measurement has no error
    return f"{median:.4g} {unit} (mean {mean:.4g}{err})"


HEADER = ["| id | scenario | structex, median | baseline, median | ratio |"
          " per fork: min / median / max | target | met |",
          "|---|---|---|---|---|---|---|---|"]


def table(result):
    lines = list(HEADER)
    for sid, what, s, b, ratio, target in result:
        lines.append(line(sid, what, s, b, target))
    return "\n".join(lines)


def svg(result):
    width, bar_h, gap, left, top = 720, 26, 14, 330, 40
    scale_max = max([2.0] + [r[4] * 1.1 for r in result] + [r[5] * 1.1 for r in result])
    px = lambda v: left + (width - left - 30) * v / scale_max
    height = top + len(result) * (bar_h + gap) + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="13">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{left}" y="22" font-weight="bold">structex time / baseline time '
             f'(same run; lower is better)</text>']
    for i, (sid, what, s, b, ratio, target) in enumerate(result):
        y = top + i * (bar_h + gap)
        colour = "#2e7d32" if ratio <= target else "#c62828"
        parts.append(f'<text x="8" y="{y + 17}">{sid} {what}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{px(ratio) - left:.1f}" height="{bar_h}" '
                     f'fill="{colour}"/>')
        parts.append(f'<text x="{px(ratio) + 4:.1f}" y="{y + 17}">{ratio:.2f}</text>')
        parts.append(f'<line x1="{px(target):.1f}" x2="{px(target):.1f}" y1="{y - 3}" '
                     f'y2="{y + bar_h + 3}" stroke="black" stroke-width="2" '
                     f'stroke-dasharray="4,2"/>')
    axis_y = top + len(result) * (bar_h + gap) + 5
    parts.append(f'<line x1="{px(1.0):.1f}" x2="{px(1.0):.1f}" y1="{top - 6}" y2="{axis_y}" '
                 f'stroke="#555"/>')
    parts.append(f'<text x="{px(1.0) - 10:.1f}" y="{axis_y + 16}">1.0</text>')
    parts.append(f'<text x="{left}" y="{axis_y + 32}" fill="#555">dashed: target; green: met; '
                 f'red: missed</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    paired = load_paired(sys.argv[1])
    if paired:
        print("Both sides in every fork (PairedBenchmark):\n")
        print(paired_table(paired))
        print()
        if len(paired) == len(SCENARIOS):
            with open(sys.argv[2], "w") as f:
                f.write(svg(paired_chart_rows(paired)))
            print(f"chart written to {sys.argv[2]} (median of the forks' ratios)")
    scores = load(sys.argv[1])
    scores = {k: v for k, v in scores.items() if k[0] != PAIRED}
    result = rows(scores)
    if not result and paired:
        return
    print(table(result))
    for cls, (sid, what, baseline) in INFORMATIONAL.items():
        if (cls, "structex") in scores and (cls, baseline) in scores:
            print(line(sid, what, scores[(cls, "structex")], scores[(cls, baseline)], None))
    for cls, (sid, what, baseline, target) in CLUSTER.items():
        if (cls, "structex") in scores and (cls, baseline) in scores:
            print(line(sid, what, scores[(cls, "structex")], scores[(cls, baseline)], target))
    for cls, (sid, what, side, baseline, target) in PAIRS.items():
        if (cls, side) in scores and (cls, baseline) in scores:
            print(line(sid, what, scores[(cls, side)], scores[(cls, baseline)], target))
    for impl in ("structex", "hazelcast"):
        one = scores.get((FAN_OUT, f"{impl}@1"))
        if one:
            for k in (2, 3):
                if (FAN_OUT, f"{impl}@{k}") in scores:
                    per_task = scores[(FAN_OUT, f"{impl}@{k}")][0]
                    print(f"C2 {impl}: {k} members, speed-up {one[0] / per_task:.2f} "
                          f"of {k} (linear), {one[0] / per_task / k:.0%} of linear")
    for (cls, param), score in sorted(scores.items()):
        if cls not in SCENARIOS and cls not in INFORMATIONAL and cls not in CLUSTER \
                and cls not in PAIRS:
            print(f"{cls} ({param}): {fmt(score)}")
    if len(result) < len(SCENARIOS):
        print(f"\npartial run ({len(result)} of {len(SCENARIOS)} scenarios): "
              f"{sys.argv[2]} left as it was")
        return
    with open(sys.argv[2], "w") as f:
        f.write(svg(result))
    print(f"\nchart written to {sys.argv[2]}")


if __name__ == "__main__":
    main()
