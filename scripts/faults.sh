#!/usr/bin/env bash
# The fault suite (tests/Reliability.Tests) with more kills than CI gives it:
#   scripts/faults.sh [N] [SEED]   # N killed runs per pair, target and tap in turn (default 20); SEED replays a failure
# Needs the servers of scripts/services.sh and their variables in the environment:
#   eval "$(scripts/services.sh start)"; scripts/build.sh; scripts/faults.sh 20
# Every test prints its pair, seed and faults; a failure names them, and SINGERNET_FAULT_SEED=<seed> replays the same kills.
set -euo pipefail
repo="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

runs="${1:-20}"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "faults.sh: N must be a positive whole number, not '$runs'" >&2; exit 2; }
export SINGERNET_FAULT_RUNS="$runs"
if [ -n "${2:-}" ]; then
  export SINGERNET_FAULT_SEED="$2"
fi
[ -n "${SINGERNET_MYSQL_HOST:-}" ] || { echo "faults.sh: the service variables are not set: eval \"\$(scripts/services.sh start)\" first" >&2; exit 2; }

dotnet build tests/Reliability.Tests/Reliability.Tests.csproj --nologo -v q
dotnet test tests/Reliability.Tests/Reliability.Tests.csproj --no-build --nologo --logger "console;verbosity=detailed"
