# syntax=docker/dockerfile:1
# CPU silo image: the silo (src/Silo.Host, ZImageSweep.Silo.Host) and zsweep as self-contained linux-x64 publishes;
# zsweep, the training worker, carries the NuGet CPU libtorch (-p:LibTorch=cpu, the default), the silo none.
# Runs the CPU silos and the schema Job (zsweep db migrate).
#
#   docker build -f deploy/silo-cpu.Dockerfile -t <registry>/zsweep-silo-cpu:<tag> .
#
# Build and runtime stages share one distribution (the SDK's default, matched by runtime-deps), so the
# build's libstdc++ check for libLibTorchSharp.so (docs/platform.md#liblibtorchsharp-on-debian-12) holds where the image runs.
ARG DOTNET_SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_DEPS_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0

FROM ${DOTNET_SDK_IMAGE} AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo.Host -c Release -r linux-x64 --self-contained -o /out/silo \
 && dotnet publish src/Client -c Release -r linux-x64 --self-contained -o /out/zsweep

FROM ${RUNTIME_DEPS_IMAGE}
COPY --from=build /out/silo /app/silo
COPY --from=build /out/zsweep /app/zsweep
WORKDIR /app
EXPOSE 11111 30000 8080
ENTRYPOINT ["/app/silo/ZImageSweep.Silo.Host"]
