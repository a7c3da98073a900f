#!/usr/bin/env bash
# Runs the test suite: installs and starts what the tests need, builds, runs every test project, and ends with one
# line "N passed, N failed, N skipped". Exits non-zero on any failure.
#
#   ./test.sh           every tier (what CI runs)
#   ./test.sh --fast    the Unit tier only (tests/README.md): no servers, no child processes, under a minute
#
# Other arguments go to the test applications, e.g. ./test.sh --filter-trait "Tier=Reference".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

fast=0
args=()
for a in "$@"; do
  if [ "$a" = "--fast" ]; then fast=1; else args+=("$a"); fi
done
if [ "$fast" -eq 1 ]; then
  # A project without Unit tests (Web.Tests) runs zero tests, which Microsoft.Testing.Platform reports with exit
  # code 8; here that is expected, not a failure. Unit tests start no servers or processes, so the projects may
  # run side by side.
  args+=(--filter-trait "Tier=Unit" --ignore-exit-code 8)
  modules=2
else
  # One test project at a time: the cluster, browser and Prometheus tests start servers and worker processes of
  # their own, and on a 2-core machine running projects side by side starves their supervision paths.
  modules=1
  # The Unit tier needs no system packages; the others need PostgreSQL, Chromium, Prometheus and iproute2.
  bash build/install-test-deps.sh || exit 1
fi

if ! dotnet build ZImageSweep.sln -c Release --nologo -v quiet -clp:ErrorsOnly; then
  echo "0 passed, 1 failed, 0 skipped"
  echo "(the build failed)"
  exit 1
fi

# A test host that dies of a signal (a SIGSEGV inside libtorch) reports no failed test, only its exit code. Every
# process of the run that dies so gets a crash report (and a small dump) from .NET's createdump, and its crashed
# thread's stack is printed below the summary.
crashes="$root/.test-results/crashes"
rm -rf "$crashes" && mkdir -p "$crashes"
export DOTNET_DbgEnableMiniDump=1 DOTNET_DbgMiniDumpType=1 DOTNET_EnableCrashReport=1 DOTNET_DbgMiniDumpName="$crashes/%e.%p.dmp"

log="$(mktemp)"
dotnet test --solution ZImageSweep.sln -c Release --no-build --max-parallel-test-modules "$modules" "${args[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Microsoft.Testing.Platform ends with a summary over every test project.
summary() { grep -E "^\s+$1: [0-9]+" "$log" | tail -1 | grep -oE '[0-9]+' || echo 0; }
passed=$(summary succeeded); failed=$(summary failed); skipped=$(summary skipped)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "(dotnet test exited with $status)"; fi
rm -f "$log"
if compgen -G "$crashes/*.crashreport.json" > /dev/null; then
  echo "Processes that died of a signal during the run (reports and dumps in $crashes):"
  python3 build/print-crash-reports.py "$crashes"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
