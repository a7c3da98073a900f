#!/usr/bin/env bash
# Builds the allocator-statistics shim against the GPU host's PyTorch (headers and libraries from its torch package)
# and prints the path of the library; the bench loads it through ZSWEEP_CUDA_ALLOCATOR_STATS.
#   bench/native/build-cuda-allocator-stats.sh [output-folder]
# Needs g++ and the CUDA headers (/usr/local/cuda/include); TORCH_LIB as in gpu-run.sh.
set -euo pipefail
torch_lib="${TORCH_LIB:-/opt/torch/.venv/lib/python3.12/site-packages/torch/lib}"
torch_root="$(dirname "$torch_lib")"
out_dir="${1:-/tmp}"
mkdir -p "$out_dir"
library="$out_dir/libzsweep_cuda_allocator_stats.so"
g++ -O2 -shared -fPIC -std=c++17 -D_GLIBCXX_USE_CXX11_ABI=1 \
  -I"$torch_root/include" -I"$torch_root/include/torch/csrc/api/include" -I"${CUDA_HOME:-/usr/local/cuda}/include" \
  "$(dirname "${BASH_SOURCE[0]}")/cuda_allocator_stats.cpp" \
  -L"$torch_lib" -lc10_cuda -lc10 -Wl,-rpath,"$torch_lib" -o "$library"
echo "$library"
