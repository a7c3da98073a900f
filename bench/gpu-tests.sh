#!/usr/bin/env bash
# Runs the GPU tests (xUnit trait Tier=Gpu, e.g. issue 7's full-size 20-step LoRA training test) on a GPU host
# that has a CUDA PyTorch but no .NET.
#
#   bench/gpu-tests.sh <published-folder> [extra xUnit runner options]
#
# <published-folder> is a self-contained publish of the engine tests with the host's libtorch left out:
#   dotnet publish tests/Engine.Tests -c Release -r linux-x64 --self-contained -p:LibTorch=external -o out/engine-tests
#
# The test executable's generated entry point runs xUnit's own in-process console runner unless it is started by
# `dotnet test` (Microsoft Testing Platform, `--server`), so the options here are that runner's (`<exe> --help`):
# -trait "Tier=Gpu" selects the GPU tests, -showLiveOutput prints each step's loss and time as it happens, and
# -failSkips turns a skip (CUDA not found) into a failure, so a wrong TORCH_LIB cannot pass as a green run.
#
# Environment:
#   TORCH_LIB  torch/lib of the host's PyTorch (default: the lent H100's PyTorch venv)
#   OUT        folder for gpu-tests.log (the console output), gpu-tests.xml (xUnit results) and gpu-memory.txt
#              (peak GPU memory from nvidia-smi sampling, when nvidia-smi exists); nothing is written when unset
#   GPU_TESTS_ALLOW_NO_CUDA=1  run even without libtorch_cuda.so and keep skips as skips (a local check on a CPU
#              machine, where the GPU tests must report SKIPPED; point TORCH_LIB at any libtorch, e.g. the NuGet
#              CPU one under ~/.nuget/packages/libtorch-cpu-linux-x64/<version>/runtimes/linux-x64/native)
#
# Budget on one H100: start-up ~5 s, then per optimizer row (AdamW, AdamW8bit) ~10 s to build the random 6.15 B
# model, 20 steps at roughly the 512² step time, and a ~0.6 GB checkpoint write and read: about 1-2 minutes in all.
# Exit code: the test runner's (0 only when every selected test passed).
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/published-app.sh"
published_app "${1:-}" ZImageSweep.Engine.Tests tests/Engine.Tests
shift
exe="$app"
allow_no_cuda="${GPU_TESTS_ALLOW_NO_CUDA:-0}"
if [ "$allow_no_cuda" = 1 ]; then use_host_libtorch allow-no-cuda; else use_host_libtorch; fi

args=(-trait "Tier=Gpu" -showLiveOutput -noColor)
[ "$allow_no_cuda" = 1 ] || args+=(-failSkips)

log=/dev/null
sampler=""
if [ -n "${OUT:-}" ]; then
  mkdir -p "$OUT"
  log="$OUT/gpu-tests.log"
  args+=(-result-xml "$OUT/gpu-tests.xml")
  if command -v nvidia-smi > /dev/null 2>&1; then
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader > "$OUT/gpu-memory.txt" 2>&1 || true
    nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 > "$OUT/gpu-memory-samples.txt" 2>/dev/null &
    sampler=$!
  fi
fi

{
  echo "gpu-tests: $exe ${args[*]} $*"
  echo "gpu-tests: TORCH_LIB=$TORCH_LIB"
  command -v nvidia-smi > /dev/null 2>&1 && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
} 2>&1 | tee "$log"

"$exe" "${args[@]}" "$@" 2>&1 | tee -a "$log"
status=${PIPESTATUS[0]}

if [ -n "$sampler" ]; then
  kill "$sampler" 2> /dev/null
  wait "$sampler" 2> /dev/null
  peak=$(sort -n "$OUT/gpu-memory-samples.txt" | tail -1)
  echo "peak GPU memory used (nvidia-smi, 200 ms samples, whole device): ${peak:-?} MiB" | tee -a "$OUT/gpu-memory.txt" "$log"
fi
echo "gpu-tests: runner exit code $status${OUT:+; log: $OUT/gpu-tests.log}" | tee -a "$log"
exit "$status"
