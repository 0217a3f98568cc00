"""Writes pk1-data.csv: the one-compartment oral model of pk1.ant at ka = 1 /h, CL = 5 L/h, V = 50 L
(dose 100 mg), sampled at 12 times, each concentration multiplied by (1 + 0.05 e) with e standard normal
(Python's random.Random(18).gauss), rounded to 4 significant digits. Run once; the CSV is committed."""
import math
import random

DOSE, KA, CL, V = 100.0, 1.0, 5.0, 50.0
K = CL / V
TIMES = [0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24]
rng = random.Random(18)
with open("pk1-data.csv", "w", encoding="ascii") as out:
    out.write("time,C\n")
    for t in TIMES:
        c = DOSE * KA / (V * (KA - K)) * (math.exp(-K * t) - math.exp(-KA * t))
        out.write(f"{t:g},{c * (1 + 0.05 * rng.gauss(0, 1)):.4g}\n")
