#!/usr/bin/env python3
"""Markdown summary of the network work-precision points (TrkbSim.Bench.Sparse --work-precision --json FILE...):
per problem, time / error per configuration and tolerance, and time ratios at equal accuracy (the second
configuration's time read off its work-precision line, log-log interpolation, at the first one's errors; geometric mean).
With --peers-json PEERS, the points also become records of PEERS (bench/results/peers.json) under their problem names
(network100s, ...), replacing that file's earlier records of those problems and keeping all others.
--heading-suffix TEXT appends TEXT to each problem's heading ("#### network100s, all peers").
Usage: network_report.py [--peers-json PEERS] [--heading-suffix TEXT] FILE.json [FILE.json ...]"""
import json
import math
import os
import sys

args = sys.argv[1:]
peers_json = None
suffix = ""
while args[:1] in (["--peers-json"], ["--heading-suffix"]):
    if args[0] == "--peers-json":
        peers_json = args[1]
    else:
        suffix = args[1]
    args = args[2:]
points = [p for f in args for p in json.load(open(f))]
problems = list(dict.fromkeys(p["Problem"] for p in points))
label = {("rodas5p", "dense"): "Rodas5P dense", ("rodas5p", "sparse"): "Rodas5P sparse", ("bdf", "dense"): "BDF dense",
         ("bdf", "sparse"): "BDF sparse", ("auto", "auto"): "auto", ("cvode", "klu"): "CVODE+KLU", ("cvode", "dense"): "CVODE dense",
         ("rodas5p", "auto"): "Rodas5P", ("bdf", "auto"): "BDF", ("scipy", "bdf"): "SciPy BDF", ("scipy", "lsoda"): "SciPy LSODA",
         ("desolve", "lsodes"): "deSolve lsodes"}
# tool names in peers.json: TrkbSim's as there ("trkbsim" is auto, "trkbsim-SOLVER" otherwise), the peers' as tool-method
tool = {("auto", "auto"): "trkbsim", ("rodas5p", "sparse"): "trkbsim-rodas5p", ("bdf", "sparse"): "trkbsim-bdf",
        ("rodas5p", "dense"): "trkbsim-rodas5p-dense", ("bdf", "dense"): "trkbsim-bdf-dense", ("rodas5p", "auto"): "trkbsim-rodas5p",
        ("bdf", "auto"): "trkbsim-bdf"}
WITHIN = 1000  # a run counts when its error is at most 1000 rtol, as in peers.json


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
    print(f"\n#### {prob}{suffix}\n")
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
    pairs += [(mine, peer) for peer in (("scipy", "bdf"), ("scipy", "lsoda"), ("desolve", "lsodes"))
              for mine in (("auto", "auto"), ("bdf", "sparse"))]
    for a, b in pairs:
        if a in by and b in by:
            r, k = ratio(by[a], by[b])
            print(f"- {label[a]} / {label[b]} at equal accuracy: " + (f"**{r:.2f}** ({k} points)" if r else "no overlapping errors"))


if peers_json is not None:
    doc = json.load(open(peers_json))
    kept = [r for r in doc["records"] if r["problem"] not in problems]
    added = [{"problem": p["Problem"], "tool": tool.get((p["Solver"], p["Linear"]), f"{p['Solver']}-{p['Linear']}"),
              "rtol": p["RelTol"], "atol": 1e-6 * p["RelTol"], "median_seconds": p["Seconds"], "max_rel_error": p["Error"],
              "within_tolerance": p["Error"] <= WITHIN * p["RelTol"], "failed": False, "reps": p["Repetitions"],
              "steps": p["Steps"], "rhs_evals": p["FunctionEvaluations"], "jac_evals": p["Jacobians"],
              "lu_decomps": p["Factorisations"]} for p in points]
    doc["records"] = kept + sorted(added, key=lambda r: (r["problem"], r["tool"], -r["rtol"]))
    doc["networks"] = ("network* records: TrkbSim.Bench.Sparse --work-precision (bench/peers/run.sh --networks); "
                       "median_seconds is the solving thread's (TrkbSim, CVODE) or process's (SciPy, deSolve) CPU time; "
                       "error against a Rodas5P (BDF for network1000s) reference at rtol 1e-11 with floor 1e-6; "
                       "points a peer did not answer within the cap are absent")
    tmp = peers_json + ".tmp"
    with open(tmp, "w") as f:
        f.write(json.dumps(doc, indent=2) + "\n")
    os.replace(tmp, peers_json)
