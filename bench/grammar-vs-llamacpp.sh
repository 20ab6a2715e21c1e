#!/usr/bin/env bash
# llama.cpp's JSON-schema compile measured on this machine beside ours. As MaskBench's llama.cpp engine does,
# llama.cpp's converter (Python) turns each schema into GBNF and llama.cpp builds the grammar (C++); both are timed
# with caches swept between schemas (SWEEP_MB, default 16), as compiles after decoding find them. Then our benchmark
# runs, with nothing precomputed (as llama.cpp compiles), on the schemas llama.cpp compiled (the published p50 is
# over those) and on all of them.
#   LLAMA_CPP_SRC=/path/to/llama.cpp bash bench/grammar-vs-llamacpp.sh [cl100k|o200k|llama3] [SCHEMA_DIR]
# Needs a llama.cpp source tree (measured with c392e5094 of 2025-02-20, between the llama-cpp-python 0.3.6 and 0.3.8
# releases behind the published figures), cmake, g++ and python3, and ../shared beside the repository. llama.cpp's
# library is built once into $LLAMA_CPP_BUILD (default /tmp/llamacpp-peer-build). LLAMA_CPP_CONVERTER: the converter,
# if not the tree's examples/json_schema_to_grammar.py.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${LLMLANG_SHARED:-$root/../shared}"
src="${LLAMA_CPP_SRC:?set LLAMA_CPP_SRC to a llama.cpp source tree}"
build="${LLAMA_CPP_BUILD:-/tmp/llamacpp-peer-build}"
converter="${LLAMA_CPP_CONVERTER:-$src/examples/json_schema_to_grammar.py}"
vocab="${1:-llama3}"
schemas="$(cd "${2:-$shared/grammar/maskbench}" && pwd)"
peer="$root/bench/llamacpp-peer"
work="$build/run"

if [ ! -f "$build/src/libllama.a" ]; then
  cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DLLAMA_CURL=OFF \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_COMMON=OFF > /dev/null 2>&1
  cmake --build "$build" --target llama -j"$(nproc)" > /dev/null 2>&1
fi
g++ -O2 -std=c++17 "$peer/grammar_init.cpp" -I"$src/include" -I"$src/ggml/include" -I"$src/src" -o "$build/grammar_init" \
  "$build/src/libllama.a" "$build/ggml/src/libggml.a" "$build/ggml/src/libggml-cpu.a" "$build/ggml/src/libggml-base.a" \
  -fopenmp -lpthread -ldl
rm -rf "$work"
mkdir -p "$work/gbnf"
python3 "$peer/convert.py" "$converter" "$schemas" "$work/gbnf"
grep -v $'\terror$' "$work/gbnf/convert.tsv" | cut -f1 | sed 's/\.json$//' > "$work/names.txt"
# llama.cpp prints parse errors on stderr; grammar_init reports them as errors.
"$build/grammar_init" "$shared/models/aidreams260K.gguf" "$work/names.txt" "$work/gbnf" > "$work/init.tsv" 2> /dev/null

echo "== peer (llama.cpp: json_schema_to_grammar.py, then llama_grammar_init_impl) =="
python3 "$peer/summary.py" "$work/gbnf/convert.tsv" "$work/init.tsv" "$schemas" "$work/compiled"
dotnet build "$root/src/Cli" -c Release -v quiet -nologo > /dev/null
ours() {
  dotnet run --no-build --project "$root/src/Cli" -c Release -- bench grammar --vocab "$vocab" --schemas "$1" --precompute-budget 0 --json |
    python3 -c 'import json, sys; d = json.load(sys.stdin); print("SUMMARY %s schemas=%d compileErr=%d instancesOK=%d\n  compile ms: p50 %.4f p99 %.4f; mask us: p50 %s p99 %s" % (d["vocab"], d["schemas"], d["compileErr"], d["instancesOK"], d["compileMsP50"], d["compileMsP99"], d["maskUsP50"], d["maskUsP99"]))'
}
echo "== ours (LlmLang), the schemas llama.cpp compiled =="
ours "$work/compiled"
echo "== ours (LlmLang), all schemas =="
ours "$schemas"
