# syntax=docker/dockerfile:1
# GPU silo image: the silo (src/Silo.Host, ZImageSweep.Silo.Host; no TorchSharp) and the training worker
# (zsweep, built with -p:LibTorch=external) as self-contained linux-x64 publishes, on an official PyTorch CUDA
# runtime image whose torch/lib is the libtorch TorchSharp loads (README "TorchSharp and libtorch",
# docs/platform.md#cuda-hosts-use-pytorchs-libraries, docs/platform.md#packaging-for-gpu-hosts). No .NET runtime needed.
#
#   docker build -f deploy/silo-gpu.Dockerfile -t <registry>/zsweep-silo-gpu:<tag> .
#
# Keep the PyTorch version close to the libtorch TorchSharp 0.107 is built against (2.10); a newer torch needs
# the ABI check of docs/platform.md#cuda-hosts-use-pytorchs-libraries first.
ARG PYTORCH_IMAGE=pytorch/pytorch:2.10.0-cuda12.8-cudnn9-runtime
ARG DOTNET_SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0

FROM ${DOTNET_SDK_IMAGE} AS sdk

# The build runs on the runtime's own distribution, with the SDK copied in: the build decides from the system
# libstdc++ whether libLibTorchSharp.so needs the GLIBCXX_3.4.32 patch (docs/platform.md#liblibtorchsharp-on-debian-12), so it must see the
# libstdc++ the image will run with, not the SDK image's.
FROM ${PYTORCH_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=sdk /usr/share/dotnet /usr/share/dotnet
ENV PATH=/usr/share/dotnet:$PATH \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo.Host -c Release -r linux-x64 --self-contained -o /out/silo \
 && dotnet publish src/Client -c Release -r linux-x64 --self-contained -p:LibTorch=external -o /out/zsweep \
 && ! find /out -name 'libtorch_cpu.so' | grep -q .

FROM ${PYTORCH_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 \
 && rm -rf /var/lib/apt/lists/*
# A fixed path for PyTorch's torch/lib, wherever this image's Python keeps its site-packages.
RUN ln -s "$(python -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')" /opt/libtorch \
 && test -e /opt/libtorch/libtorch_cuda.so
ENV ZSWEEP_LIBTORCH=/opt/libtorch \
    LD_LIBRARY_PATH=/opt/libtorch \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
COPY --from=build /out/silo /app/silo
COPY --from=build /out/zsweep /app/zsweep
WORKDIR /app
# The silo starts one training worker per GPU slot as /app/zsweep/zsweep worker (Worker__Command, Worker__Arguments__N).
EXPOSE 11111 30000 8080
ENTRYPOINT ["/app/silo/ZImageSweep.Silo.Host"]
