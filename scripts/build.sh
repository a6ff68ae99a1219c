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

# A project marked <SingerNetNativeAot> (tap-rest, tap-mysql, target-s3, singer-check) is compiled to native code when a C toolchain and zlib's header are
# here (Debian: apt-get install clang zlib1g-dev); without them it is published as the others are, with a note.
native_toolchain() { { command -v clang >/dev/null || command -v gcc >/dev/null; } && [ -e /usr/include/zlib.h ]; }

dotnet restore SingerNet.sln --verbosity quiet >&2
mkdir -p bin
for project in "${projects[@]}"; do
  if grep -q '<SingerNetNativeAot>true</SingerNetNativeAot>' "$project"; then
    if native_toolchain; then
      name="$(sed -n 's:.*<AssemblyName>\(.*\)</AssemblyName>.*:\1:p' "$project")"
      echo "build.sh: publishing $project (native)" >&2
      rm -rf "obj/native/$name"
      dotnet publish "$project" -c Release -o "obj/native/$name" --nologo --verbosity quiet -r linux-x64 -p:PublishAot=true >&2
      install -m 0755 "obj/native/$name/$name" "bin/$name"
      # Native libraries it loads at run time (target-duckdb: libduckdb.so) sit beside it.
      find "obj/native/$name" -maxdepth 1 -type f -name '*.so' -exec cp {} bin/ \;
      rm -f "bin/$name.dll"
      continue
    fi
    echo "build.sh: no C toolchain (clang or gcc) with zlib1g-dev: $project is published as managed code, slower to start" >&2
  fi
  echo "build.sh: publishing $project" >&2
  # ReadyToRun: precompiled code, so a run does not spend its first second in the JIT (see Directory.Build.targets).
  dotnet publish "$project" -c Release -o bin --nologo --verbosity quiet -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true -p:UseAppHost=true >&2
done
echo "build.sh: executables in $repo/bin:" >&2
for project in "${projects[@]}"; do
  name="$(sed -n 's:.*<AssemblyName>\(.*\)</AssemblyName>.*:\1:p' "$project")"
  [ -x "bin/$name" ] || { echo "build.sh: bin/$name was not produced" >&2; exit 1; }
  echo "  bin/$name" >&2
done
