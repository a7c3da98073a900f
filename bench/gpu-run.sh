#!/usr/bin/env bash
# Runs the inference benchmark on a GPU host that has a CUDA PyTorch but no .NET.
#
#   bench/gpu-run.sh <published-folder> [extra zsweep-bench options]
#
# <published-folder> is a self-contained publish made with the host's libtorch left out:
#   dotnet publish bench -c Release -r linux-x64 --self-contained -p:LibTorch=external -o out/bench
# Environment:
#   TORCH_LIB  torch/lib of the host's PyTorch (default: the lent H100's PyTorch 2.11 + CUDA 13 venv)
#   OUT        folder for results.json and table.txt (default: the current folder)
#   BENCH_BUDGET  wall-clock seconds for the whole run (default 240): rows that would start later are skipped
# Extra options are passed on, e.g. --rows transformer-forward-1024 or --iterations 30.
#
# Budget: about 2 minutes on one H100 (8 rows, one process each: 20 timed + 3 warm-up iterations per row,
# 5 + 1 for the 8-step end-to-end sample, ~5 s start-up and random-model construction per row).
set -euo pipefail

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 <published zsweep-bench folder> [zsweep-bench options]" >&2
  exit 2
fi
published="$(cd "$1" && pwd)"
shift
bench="$published/zsweep-bench"
if [ ! -x "$bench" ]; then
  echo "$bench not found or not executable: publish with" >&2
  echo "  dotnet publish bench -c Release -r linux-x64 --self-contained -p:LibTorch=external -o <folder>" >&2
  exit 2
fi

TORCH_LIB="${TORCH_LIB:-/opt/torch/.venv/lib/python3.12/site-packages/torch/lib}"
if [ ! -f "$TORCH_LIB/libtorch_cuda.so" ]; then
  echo "no CUDA libtorch in TORCH_LIB=$TORCH_LIB (libtorch_cuda.so missing); set TORCH_LIB to a CUDA PyTorch's torch/lib" >&2
  exit 2
fi
if [ -f "$published/libtorch_cpu.so" ]; then
  echo "warning: $published carries its own libtorch_cpu.so; publish with -p:LibTorch=external so only the host's libtorch loads" >&2
fi
export LD_LIBRARY_PATH="$TORCH_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

out_dir="${OUT:-.}"
mkdir -p "$out_dir"
json="$out_dir/results.json"

# Keep the table readable in a log file.
export COLUMNS="${COLUMNS:-200}"
set +e
"$bench" --suite inference --device cuda --size full --out "$json" \
  --budget "${BENCH_BUDGET:-240}" --row-timeout 150 "$@" 2>&1 | tee "$out_dir/table.txt"
status=${PIPESTATUS[0]}
set -e
echo "zsweep-bench exit code $status; JSON: $json"
exit "$status"
