#!/usr/bin/env python3
"""Markdown summary of the network work-precision points (TrkbSim.Bench.Sparse --work-precision --json FILE...):
per problem, time / error per configuration and tolerance, and time ratios at equal accuracy (the second
configuration's time read off its work-precision line, log-log interpolation, at the first one's errors; geometric mean).
Usage: network_report.py FILE.json [FILE.json ...]"""
import json
import math
import sys

points = [p for f in sys.argv[1:] for p in json.load(open(f))]
problems = list(dict.fromkeys(p["Problem"] for p in points))
label = {("rodas5p", "dense"): "Rodas5P dense", ("rodas5p", "sparse"): "Rodas5P sparse", ("bdf", "dense"): "BDF dense",
         ("bdf", "sparse"): "BDF sparse", ("auto", "auto"): "auto", ("cvode", "klu"): "CVODE+KLU", ("cvode", "dense"): "CVODE dense",
         ("rodas5p", "auto"): "Rodas5P", ("bdf", "auto"): "BDF"}


def fmt(s):
    return f"{s * 1e3:.1f} ms" if s < 1 else f"{s:.2f} s"


def ratio(a, b):
    """Geometric mean over a's points of a.time / (b's time at a's error); None without overlap."""
    line = sorted(b, key=lambda p: p["Error"])
    logs = []
    for q in a:
        for lo, hi in zip(line, line[1:]):
            if lo["Error"] <= q["Error"] <= hi["Error"] and hi["Error"] > lo["Error"]:
                w = math.log(q["Error"] / lo["Error"]) / math.log(hi["Error"] / lo["Error"])
                t = math.exp(math.log(lo["Seconds"]) + w * math.log(hi["Seconds"] / lo["Seconds"]))
                logs.append(math.log(q["Seconds"] / t))
                break
    return (math.exp(sum(logs) / len(logs)), len(logs)) if logs else (None, 0)


for prob in problems:
    pts = [p for p in points if p["Problem"] == prob]
    configs = [c for c in label if any((p["Solver"], p["Linear"]) == c for p in pts)]
    tols = sorted({p["RelTol"] for p in pts}, reverse=True)
    print(f"\n#### {prob}\n")
    print("| rtol | " + " | ".join(label[c] for c in configs) + " |")
    print("|---|" + "---|" * len(configs))
    for t in tols:
        cells = []
        for c in configs:
            m = [p for p in pts if (p["Solver"], p["Linear"]) == c and p["RelTol"] == t]
            cells.append(f"{fmt(m[0]['Seconds'])} / {m[0]['Error']:.1e}" if m else "")
        print(f"| {t:.0e} | " + " | ".join(cells) + " |")
    print()
    by = {c: [p for p in pts if (p["Solver"], p["Linear"]) == c] for c in configs}
    pairs = [(("auto", "auto"), ("cvode", "klu")), (("bdf", "sparse"), ("cvode", "klu")),
             (("rodas5p", "sparse"), ("cvode", "klu")), (("bdf", "sparse"), ("rodas5p", "sparse")),
             (("bdf", "sparse"), ("bdf", "dense")), (("cvode", "klu"), ("cvode", "dense")),
             (("bdf", "auto"), ("rodas5p", "auto")), (("auto", "auto"), ("bdf", "auto"))]
    for a, b in pairs:
        if a in by and b in by:
            r, k = ratio(by[a], by[b])
            print(f"- {label[a]} / {label[b]} at equal accuracy: " + (f"**{r:.2f}** ({k} points)" if r else "no overlapping errors"))
