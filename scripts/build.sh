#!/usr/bin/env bash
# Builds every SingerNet executable and publishes it into ./bin/ (git-ignored):
#   scripts/build.sh            # Release, framework-dependent (needs the .NET runtime, as `dotnet` is here)
#   export PATH="$PWD/bin:$PATH"  # then: singer-check, tap-mysql, target-duckdb, ...
set -euo pipefail
repo="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

command -v dotnet >/dev/null || { echo "build.sh: the .NET SDK (dotnet) is required: https://dot.net" >&2; exit 2; }

# Every project that builds an executable: taps/, targets/ and tools/ with OutputType Exe.
mapfile -t projects < <(grep -l '<OutputType>Exe</OutputType>' taps/*/*.csproj targets/*/*.csproj tools/*/*.csproj 2>/dev/null | sort)
[ "${#projects[@]}" -gt 0 ] || { echo "build.sh: no executable projects found" >&2; exit 1; }

# A project marked <SingerNetNativeAot> (all but singer-run and target-redshift) is compiled to native code when a C toolchain and zlib's header are
# here (Debian: apt-get install clang zlib1g-dev); without them it is published as the others are, with a note.
native_toolchain() { { command -v clang >/dev/null || command -v gcc >/dev/null; } && [ -e /usr/include/zlib.h ]; }

# Native code for this machine's instruction set where it has x86-64-v3 (AVX2, BMI1/2, FMA, MOVBE: Intel Haswell and AMD
# Excavator, 2013-15, and later), as the JIT would use it: 1M records, CPU 15 percent lower for singer-map and target-duckdb
# than on the x86-64 baseline (see Directory.Build.targets). bin/ is for the machine that built it; release.sh keeps the
# baseline, which runs on any x86-64. SINGERNET_NATIVE_ISA overrides (say x86-64-v2, or "" for the baseline).
host_isa() {
  local flag
  for flag in avx avx2 bmi1 bmi2 f16c fma abm movbe xsave; do grep -qw "$flag" /proc/cpuinfo 2>/dev/null || return 0; done
  echo x86-64-v3
}
native_isa="${SINGERNET_NATIVE_ISA-$(host_isa)}"
isa_args=()
[ -z "$native_isa" ] || isa_args=("-p:IlcInstructionSet=$native_isa")

dotnet restore SingerNet.sln --verbosity quiet >&2
mkdir -p bin
native=()
managed=()
for project in "${projects[@]}"; do
  if grep -q '<SingerNetNativeAot>true</SingerNetNativeAot>' "$project"; then
    if native_toolchain; then
      native+=("$project")
      continue
    fi
    echo "build.sh: no C toolchain (clang or gcc) with zlib1g-dev: $project is published as managed code, slower to start" >&2
  fi
  managed+=("$project")
done
# The managed ones first: one that references another executable (target-redshift: target-postgres) copies that one's
# assembly and launcher into bin/, which the native executable then replaces.
for project in "${managed[@]}"; do
  echo "build.sh: publishing $project" >&2
  # ReadyToRun: precompiled code, so a run does not spend its first second in the JIT (see Directory.Build.targets).
  dotnet publish "$project" -c Release -o bin --nologo --verbosity quiet -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true -p:UseAppHost=true >&2
done
for project in "${native[@]}"; do
  name="$(sed -n 's:.*<AssemblyName>\(.*\)</AssemblyName>.*:\1:p' "$project")"
  echo "build.sh: publishing $project (native${native_isa:+, $native_isa})" >&2
  rm -rf "obj/native/$name"
  dotnet publish "$project" -c Release -o "obj/native/$name" --nologo --verbosity quiet -r linux-x64 -p:PublishAot=true "${isa_args[@]}" >&2
  install -m 0755 "obj/native/$name/$name" "bin/$name"
  # Native libraries it loads at run time (target-duckdb: libduckdb.so) sit beside it.
  find "obj/native/$name" -maxdepth 1 -type f -name '*.so' -exec cp {} bin/ \;
  # Its managed assembly stays only where a managed executable loads it (target-postgres.dll for target-redshift).
  users="$(grep -l "\"$name.dll\"" bin/*.deps.json 2>/dev/null | grep -v "^bin/$name.deps.json$" || true)"
  [ -n "$users" ] || rm -f "bin/$name.dll"
  rm -f "bin/$name.deps.json" "bin/$name.runtimeconfig.json"
done
echo "build.sh: executables in $repo/bin:" >&2
for project in "${projects[@]}"; do
  name="$(sed -n 's:.*<AssemblyName>\(.*\)</AssemblyName>.*:\1:p' "$project")"
  [ -x "bin/$name" ] || { echo "build.sh: bin/$name was not produced" >&2; exit 1; }
  echo "  bin/$name" >&2
done
