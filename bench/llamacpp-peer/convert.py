#!/usr/bin/env python3
"""Converts JSON schemas to GBNF with llama.cpp's converter, as MaskBench's llama.cpp engine does, timing each one.

    convert.py CONVERTER SCHEMA_DIR OUT_DIR

CONVERTER is llama.cpp's examples/json_schema_to_grammar.py (not part of this repository). Its whitespace rule is
replaced by MaskBench's `[ \\t\\n\\r]*` (unbounded, as the published figures were measured). Each schema file's
`schema` is converted from the parsed value (MaskBench times the conversion of a parsed schema); the grammar goes to
OUT_DIR/<name>.gbnf and the times to OUT_DIR/convert.tsv (name, milliseconds or "error"). SWEEP_MB (default 16)
bytes are written between conversions so each starts with cold caches, as a compile after decoding does.
"""
import importlib.util
import json
import os
import sys
import time

converter_path, schema_dir, out_dir = sys.argv[1:4]
spec = importlib.util.spec_from_file_location("llamacpp_converter", converter_path)
converter = importlib.util.module_from_spec(spec)
spec.loader.exec_module(converter)
converter.SPACE_RULE = "[ \\t\\n\\r]*"

sweep = bytearray(int(os.environ.get("SWEEP_MB", "16")) << 20)
zeros = bytes((len(sweep) + 63) // 64)  # one byte per 64-byte line
os.makedirs(out_dir, exist_ok=True)
rows = []
for name in sorted(f for f in os.listdir(schema_dir) if f.endswith(".json")):
    with open(os.path.join(schema_dir, name)) as f:
        schema = json.load(f)["schema"]
    if sweep:
        sweep[::64] = zeros
    start = time.perf_counter()
    try:
        c = converter.SchemaConverter(prop_order={}, allow_fetch=False, dotall=False, raw_pattern=False)
        c.visit(c.resolve_refs(schema, "stdin"), "")
        grammar = c.format_grammar()
    except Exception:
        rows.append(f"{name}\terror")
        continue
    rows.append(f"{name}\t{(time.perf_counter() - start) * 1000:.5f}")
    with open(os.path.join(out_dir, name[:-5] + ".gbnf"), "w") as f:
        f.write(grammar)
with open(os.path.join(out_dir, "convert.tsv"), "w") as f:
    f.write("\n".join(rows) + "\n")
