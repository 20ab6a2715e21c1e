#!/usr/bin/env python3
"""Adds up convert.tsv and init.tsv per schema and prints the compile summary; links the schemas llama.cpp compiled
into SUBSET_DIR (so our benchmark can run on the same ones).   summary.py CONVERT_TSV INIT_TSV SCHEMA_DIR SUBSET_DIR"""
import os
import sys

def read(path):
    with open(path) as f:
        return dict(line.rstrip("\n").split("\t") for line in f if line.strip())

convert, init = read(sys.argv[1]), read(sys.argv[2])
schema_dir, subset_dir = os.path.abspath(sys.argv[3]), sys.argv[4]
os.makedirs(subset_dir, exist_ok=True)
total, errors = [], 0
for name, ms in convert.items():
    built = init.get(name, "error")
    if ms == "error" or built == "error":
        errors += 1
        continue
    total.append((float(ms), float(built)))
    link = os.path.join(subset_dir, name)
    if not os.path.lexists(link):
        os.symlink(os.path.join(schema_dir, name), link)

def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]

sums = [c + b for c, b in total]
print(f"SUMMARY llama.cpp schemas={len(convert)} compileErr={errors} compiled={len(total)}")
print(f"  compile ms: avg {sum(sums) / len(sums):.4f} p50 {pct(sums, .5):.4f} p90 {pct(sums, .9):.4f} p99 {pct(sums, .99):.4f}"
      f" (p50 of the conversion {pct([c for c, _ in total], .5):.4f}, of building the grammar {pct([b for _, b in total], .5):.4f})")
