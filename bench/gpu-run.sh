#!/usr/bin/env bash
# Runs a benchmark suite (inference by default) on a GPU host that has a CUDA PyTorch but no .NET.
#
#   bench/gpu-run.sh <published-folder> [extra zsweep-bench options]
#
# <published-folder> is a self-contained publish made with the host's libtorch left out:
#   dotnet publish bench -c Release -r linux-x64 --self-contained -p:LibTorch=external -o out/bench
# Environment:
#   TORCH_LIB  torch/lib of the host's PyTorch (default: the lent H100's PyTorch 2.11 + CUDA 13 venv)
#   OUT        folder for results.json and table.txt (default: the current folder)
#   BENCH_BUDGET  wall-clock seconds for the whole run (default 240): rows that would start later are skipped
#   SUITE      inference (default), training, scheduling or all (inference and training)
#   PYTORCH_NO_CUDA_MEMORY_CACHING=1  the memory pass: peaks follow live tensors (times are then not representative)
#   REFERENCE_SRC  a folder holding the diffusers and peft packages as source (see bench/reference/README.md): the
#              PyTorch reference (bench/reference/zimage_reference.py) is then timed first, in the same call on the
#              same GPU, and every row it has shows engine / reference. Without it the table has no reference.
#   REFERENCE_ITERATIONS / REFERENCE_WARMUP  the reference's iterations (default 12 / 3)
# Extra options are passed on, e.g. --rows transformer-forward-1024 or --iterations 30.
#
# Budget: about 2 minutes on one H100 (8 rows, one process each: 20 timed + 3 warm-up iterations per row,
# 5 + 1 for the 8-step end-to-end sample, ~5 s start-up and random-model construction per row).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/published-app.sh"
published_app "${1:-}" zsweep-bench bench
shift
bench="$app"
use_host_libtorch

out_dir="${OUT:-.}"
mkdir -p "$out_dir"
json="$out_dir/results.json"

reference_args=()
if [ -n "${REFERENCE_SRC:-}" ]; then
  python="${PYTHON:-python3}" # the PyTorch whose torch/lib the engine uses (the lent GPU machine's venv is first on PATH)
  sources="$(cat "$REFERENCE_SRC/SOURCES.txt" 2>/dev/null || echo "diffusers + peft from $REFERENCE_SRC")"
  echo "PyTorch reference: $sources"
  PYTHONPATH="$REFERENCE_SRC${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1 REFERENCE_SOURCES="$sources" \
    "$python" "$(dirname "${BASH_SOURCE[0]}")/reference/zimage_reference.py" --out "$out_dir/reference.json" \
    --iterations "${REFERENCE_ITERATIONS:-12}" --warmup "${REFERENCE_WARMUP:-3}" 2>&1 | tee "$out_dir/reference.txt"
  reference_args=(--reference "$out_dir/reference.json")
fi

# Keep the table readable in a log file.
export COLUMNS="${COLUMNS:-200}"
set +e
"$bench" --suite "${SUITE:-inference}" --device cuda --size full --out "$json" \
  --budget "${BENCH_BUDGET:-240}" --row-timeout 150 "${reference_args[@]}" "$@" 2>&1 | tee "$out_dir/table.txt"
status=${PIPESTATUS[0]}
set -e
echo "zsweep-bench exit code $status; JSON: $json"
exit "$status"
