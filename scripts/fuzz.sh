#!/usr/bin/env bash
# Fuzzes the Singer message reader with afl-fuzz through SharpFuzz (fuzz/MessageReaderFuzz): each input is read the
# ordinary way and the fast (transcoding) way, and any difference or unexpected exception is kept as a crash.
#   scripts/fuzz.sh [SECONDS]     # default 600; findings in fuzz/findings/ (crashes/ holds the inputs that failed)
# Needs afl-fuzz (Debian: apt-get install afl++); installs the sharpfuzz instrumenter into fuzz/.tools. Not run by CI.
set -euo pipefail
repo="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$repo"
seconds="${1:-600}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

command -v afl-fuzz >/dev/null || { echo "fuzz.sh: afl-fuzz is required (apt-get install afl++)" >&2; exit 2; }
tools="$repo/fuzz/.tools"
[ -x "$tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >&2

out="$repo/fuzz/bin"
rm -rf "$out"
dotnet publish fuzz/MessageReaderFuzz/MessageReaderFuzz.csproj -c Release -o "$out" --nologo --verbosity quiet >&2
# Only the SDK is instrumented: coverage of the code under test guides afl-fuzz, not that of the harness or the runtime.
"$tools/sharpfuzz" "$out/Singer.Sdk.dll" >&2

# Seeds: the small fixtures, good and bad (afl-fuzz wants them small; it grows them itself).
corpus="$repo/fuzz/corpus"
rm -rf "$corpus"
mkdir -p "$corpus"
find tests/Fixtures -type f \( -name '*.singer' -o -name '*.jsonl' \) -size -8k -exec cp {} "$corpus/" \;
echo "fuzz.sh: $(ls "$corpus" | wc -l) seeds; fuzzing for ${seconds}s" >&2

# The harness is a .NET program, not an afl-instrumented binary; afl++ must not insist on one, nor on this machine's
# core-dump and CPU settings (shared machines, containers).
export AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1
afl-fuzz -i "$corpus" -o "$repo/fuzz/findings" -V "$seconds" -t 10000 -m none -- dotnet "$out/MessageReaderFuzz.dll"

crashes=$(find "$repo/fuzz/findings" -path '*crashes/id:*' | wc -l)
echo "fuzz.sh: $crashes crash(es) in fuzz/findings/*/crashes" >&2
[ "$crashes" -eq 0 ]
