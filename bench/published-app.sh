# Shared by gpu-run.sh and gpu-tests.sh (sourced, not run): checks a self-contained publish made with
# -p:LibTorch=external and points it at the host's libtorch.
#   published_app <folder> <executable name> <project path for the publish hint>  -> sets $published and $app
#   use_host_libtorch [allow-no-cuda]                                             -> exports LD_LIBRARY_PATH, ZSWEEP_LIBTORCH
# TORCH_LIB defaults to the lent GPU machine's PyTorch 2.11 + CUDA 13 venv.

published_app() {
  if [ -z "${1:-}" ] || [ ! -d "$1" ]; then
    echo "usage: $0 <published $2 folder> [options]" >&2
    exit 2
  fi
  published="$(cd "$1" && pwd)"
  app="$published/$2"
  if [ ! -x "$app" ]; then
    echo "$app not found or not executable: publish with" >&2
    echo "  dotnet publish $3 -c Release -r linux-x64 --self-contained -p:LibTorch=external -o <folder>" >&2
    exit 2
  fi
  if [ -f "$published/libtorch_cpu.so" ]; then
    echo "warning: $published carries its own libtorch_cpu.so; publish with -p:LibTorch=external so only the host's libtorch loads" >&2
  fi
}

use_host_libtorch() {
  TORCH_LIB="${TORCH_LIB:-/opt/torch/.venv/lib/python3.12/site-packages/torch/lib}"
  if [ ! -f "$TORCH_LIB/libtorch_cpu.so" ]; then
    echo "error: TORCH_LIB=$TORCH_LIB has no libtorch_cpu.so; it is not a libtorch folder" >&2
    exit 2
  fi
  if [ ! -f "$TORCH_LIB/libtorch_cuda.so" ]; then
    if [ "${1:-}" != "allow-no-cuda" ]; then
      echo "error: no CUDA libtorch in TORCH_LIB=$TORCH_LIB (libtorch_cuda.so missing); set TORCH_LIB to a CUDA PyTorch's torch/lib" >&2
      exit 2
    fi
    echo "warning: no libtorch_cuda.so in TORCH_LIB=$TORCH_LIB; running anyway, CUDA rows and tests will not run" >&2
  fi
  export LD_LIBRARY_PATH="$TORCH_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export ZSWEEP_LIBTORCH="$TORCH_LIB"
}
