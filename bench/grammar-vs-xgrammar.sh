#!/usr/bin/env bash
# Side-by-side grammar benchmark: ours (llmlang bench grammar) and the XGrammar peer, one after the other, on the same
# vocabulary and schema files, each printing the peer protocol's three SUMMARY lines.
#   bash bench/grammar-vs-xgrammar.sh [cl100k|o200k|llama3] [SCHEMA_DIR] [MAX_FILES]
# Needs ../shared beside the repository (peer script, vocabularies) and node for the peer (it installs its npm
# package into $XGR_PEER_DIR, default /tmp/xgr-peer).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${LLMLANG_SHARED:-$root/../shared}"
vocab="${1:-cl100k}"
schemas="${2:-$shared/grammar/maskbench}"
max="${3:-}"
export XGR_PEER_DIR="${XGR_PEER_DIR:-/tmp/xgr-peer}"

dotnet build "$root/src/Cli" -c Release -v quiet -nologo > /dev/null
echo "== ours (LlmLang) =="
dotnet run --no-build --project "$root/src/Cli" -c Release -- bench grammar --vocab "$vocab" --schemas "$schemas" ${max:+--max "$max"}
echo "== peer (XGrammar WASM) =="
bash "$shared/peers/xgrammar/run.sh" "$vocab" "$schemas" ${max:+"$max"} 2>/dev/null | grep -E '^(SUMMARY|  )'
