#!/usr/bin/env bash
# Runs the whole test suite: installs and starts what the tests need, builds, runs every test project,
# and ends with one line "N passed, N failed, N skipped". Exits non-zero on any failure.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

bash build/install-test-deps.sh || exit 1

if ! dotnet build ZImageSweep.sln -c Release --nologo -v quiet -clp:ErrorsOnly; then
  echo "0 passed, 1 failed, 0 skipped"
  echo "(the build failed)"
  exit 1
fi

log="$(mktemp)"
# One test project at a time: the cluster, browser and Prometheus tests start servers and worker processes of their
# own, and on a 2-core machine running projects side by side starves their timing-sensitive supervision paths.
dotnet test --solution ZImageSweep.sln -c Release --no-build --max-parallel-test-modules 1 "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Microsoft.Testing.Platform ends with a summary over every test project.
summary() { grep -E "^\s+$1: [0-9]+" "$log" | tail -1 | grep -oE '[0-9]+' || echo 0; }
passed=$(summary succeeded); failed=$(summary failed); skipped=$(summary skipped)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "(dotnet test exited with $status)"; fi
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
