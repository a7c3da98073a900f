#!/usr/bin/env bash
# Packs the reference's Python sources for a GPU host without network: diffusers and peft from their public git
# repositories (Apache-2.0), as source folders, plus SOURCES.txt naming the commits. Nothing here is committed to this
# repository; the folder travels with a device run and bench/gpu-run.sh finds it through REFERENCE_SRC.
#
#   bench/reference/pack-sources.sh <diffusers checkout> <peft checkout> <destination folder>
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 <diffusers checkout> <peft checkout> <destination folder>" >&2
  exit 2
fi
diffusers="$1" peft="$2" dest="$3"
mkdir -p "$dest"
for repo in "$diffusers" "$peft"; do
  git -C "$repo" rev-parse HEAD >/dev/null || { echo "$repo is not a git checkout" >&2; exit 2; }
done
git -C "$diffusers" archive HEAD src/diffusers | tar -x -C "$dest" --strip-components=1
git -C "$peft" archive HEAD src/peft | tar -x -C "$dest" --strip-components=1
echo "diffusers $(git -C "$diffusers" rev-parse --short=12 HEAD) ZImageTransformer2DModel + peft $(git -C "$peft" rev-parse --short=12 HEAD) LoRA" > "$dest/SOURCES.txt"
cat "$dest/SOURCES.txt"
