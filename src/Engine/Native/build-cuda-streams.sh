#!/usr/bin/env bash
# Builds the side-stream shim for layer offloading against the GPU host's PyTorch (headers and libraries from its torch
# package, the libraries TorchSharp loads there) and prints the path of the library; the engine uses it when
# ZSWEEP_CUDA_STREAMS names it (src/Engine/Offloading/CudaSideStream.cs), and copies on the compute stream otherwise.
#   src/Engine/Native/build-cuda-streams.sh [output-folder]
# Needs g++ and the CUDA headers (CUDA_HOME, default /usr/local/cuda); TORCH_LIB as in bench/gpu-run.sh.
set -euo pipefail
torch_lib="${TORCH_LIB:-/opt/torch/.venv/lib/python3.12/site-packages/torch/lib}"
torch_root="$(dirname "$torch_lib")"
cuda_home="${CUDA_HOME:-/usr/local/cuda}"
out_dir="${1:-/tmp}"
mkdir -p "$out_dir"
library="$out_dir/libzsweep_cuda_streams.so"
# cudart: the one pip installs beside torch (nvidia/cuda_runtime, which libtorch already loaded), else the toolkit's.
# Linked by its versioned name (libcudart.so.12, .13, …): pip installs no unversioned link.
cudart_dirs=()
cudart=""
for dir in "$(dirname "$torch_root")/nvidia/cuda_runtime/lib" "$(dirname "$torch_root")/nvidia/cu13/lib" "$cuda_home/lib64"; do
  if [ -d "$dir" ]; then
    cudart_dirs+=("-L$dir" "-Wl,-rpath,$dir")
    [ -n "$cudart" ] || cudart="$(cd "$dir" && ls libcudart.so.* 2>/dev/null | sort | head -1)"
  fi
done
[ -n "$cudart" ] || { echo "no libcudart.so.* beside torch or in $cuda_home/lib64" >&2; exit 1; }
g++ -O2 -shared -fPIC -std=c++17 -D_GLIBCXX_USE_CXX11_ABI=1 \
  -I"$torch_root/include" -I"$torch_root/include/torch/csrc/api/include" -I"$cuda_home/include" \
  "$(dirname "${BASH_SOURCE[0]}")/zsweep_cuda_streams.cpp" \
  -L"$torch_lib" -lc10_cuda -lc10 -Wl,-rpath,"$torch_lib" "${cudart_dirs[@]}" -l:"$cudart" \
  -o "$library"
echo "$library"
