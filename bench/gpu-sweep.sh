#!/usr/bin/env bash
# Issue 18's sweep-level run on a GPU host with a CUDA PyTorch but no .NET: the same 4-arm sweep (adapter v1/v2 ×
# rank 8/16, STEPS steps at RESOLUTION², one GPU slot) with `packing: off` and then `packing: auto`, on a random model
# of the real shapes (zsweep-bench --write-model). Writes per mode the wall time, nvidia-smi utilisation samples, the
# arms' worker logs, the grids and `zsweep compare --verdict --json`; then compare_runs.py summarises wall time, mean
# utilisation, the hand-over between arms and each packed arm's LoRA against its unpacked run.
#
#   bench/gpu-sweep.sh <published folder holding zsweep and zsweep-bench>
#
# Publish both apps into one folder (they share the runtime and the engine; one archive stays small):
#   dotnet publish src/Client -c Release -r linux-x64 --self-contained -p:LibTorch=external -o out/apps
#   dotnet publish bench      -c Release -r linux-x64 --self-contained -p:LibTorch=external -o out/apps
# Environment: OUT (results; default .), WORK (model, inputs and homes; default /tmp/zsweep-sweep), STEPS (100),
# RESOLUTION (512), SWEEP_TIMEOUT (seconds per mode, default 300), MODES ("off auto"; one of them to split the run over
# two calls of a time-limited GPU machine), TORCH_LIB as in gpu-run.sh; for a smoke test on a
# CPU machine: DEVICE=cpu SIZE=tiny SWEEP_ALLOW_NO_CUDA=1 with TORCH_LIB at any libtorch (e.g. the NuGet CPU one).
# Budget on one H100: ~2 min to write the 20 GB model, then about 4 min unpacked and 2 min packed at 512², 100 steps.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/published-app.sh"
published_app "${1:-}" zsweep src/Client
zsweep="$app"
bench="$published/zsweep-bench"
if [ "${SWEEP_ALLOW_NO_CUDA:-0}" = 1 ]; then use_host_libtorch allow-no-cuda; else use_host_libtorch; fi

out="${OUT:-.}"
work="${WORK:-/tmp/zsweep-sweep}"
steps="${STEPS:-100}"
resolution="${RESOLUTION:-512}"
python="${PYTHON:-python3}" # the PyTorch venv's python on the lent GPU machine (compare_runs.py reads LoRAs with torch)
mkdir -p "$out" "$work"

if [ ! -f "$work/model/model_index.json" ]; then
  start=$(date +%s)
  "$bench" --write-model "$work/model" --size "${SIZE:-full}" --seed 1 > "$out/write-model.txt" 2>&1 || { cat "$out/write-model.txt"; exit 1; }
  echo "model written in $(( $(date +%s) - start )) s" | tee -a "$out/write-model.txt"
fi
"$python" "$here/sweep/make_inputs.py" "$work" "$work/model" "$steps" "$resolution" "${DEVICE:-cuda}"

for mode in ${MODES:-off auto}; do
  dir="$out/$mode"
  home="$work/home-$mode"
  mkdir -p "$dir"
  command -v nvidia-smi > /dev/null && nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader,nounits -lms 500 > "$dir/gpu.csv" 2>/dev/null &
  sampler=$!
  start=$(date +%s.%N)
  ZSWEEP_HOME="$home" timeout "${SWEEP_TIMEOUT:-300}" "$zsweep" run "$work/sweep-$mode.yaml" > "$dir/run.txt" 2>&1
  echo "zsweep run exit code $?" >> "$dir/run.txt"
  end=$(date +%s.%N)
  kill "$sampler" 2>/dev/null
  "$python" -c "print(round($end - $start, 2))" > "$dir/wall_seconds.txt"
  ZSWEEP_HOME="$home" "$zsweep" compare "packing-$mode" --verdict --json > "$dir/verdict.json" 2> "$dir/verdict.err"
  ZSWEEP_HOME="$home" "$zsweep" status "packing-$mode" > "$dir/status.txt" 2>&1
  (cd "$home" && find . -name worker.log -o -name "*.png" -path "*grids*" | tar -cf - -T - | tar -xf - -C "$dir")
  tail -3 "$dir/run.txt"
done
# Both modes' results are needed; with MODES naming one, a later call (same OUT and WORK) runs the other and compares.
if [ -f "$out/off/wall_seconds.txt" ] && [ -f "$out/auto/wall_seconds.txt" ]; then "$python" "$here/sweep/compare_runs.py" "$out" "$work"; fi
