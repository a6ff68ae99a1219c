#!/usr/bin/env bash
# Builds a release users install without .NET:
#   scripts/release.sh [--out DIR] [--only name,name] [--no-ready-to-run] [--no-tools]
# into DIR (default artifacts/release):
#   singernet-<version>-linux-x64.tar.gz (+ .sha256)   self-contained single-file executables in bin/ (native code
#                                                       where clang/gcc and zlib1g-dev are, else ReadyToRun),
#                                                       with README.md, LICENSE and catalogs/
#   nuget/<name>.<version>.nupkg                         the same tools as .NET tool packages:
#                                                       dotnet tool install --tool-path DIR --add-source DIR/nuget tap-mysql
# --only limits the executables (by name, e.g. singer-check,tap-mysql); --no-ready-to-run skips the precompilation
# (a faster build, slower start-up: for testing the packaging); --no-tools skips the tool packages.
set -euo pipefail
repo="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

out="$repo/artifacts/release" only="" ready_to_run=true tools=true
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$(mkdir -p "$2" && cd "$2" && pwd -P)"; shift 2 ;;
    --only) only=",$2,"; shift 2 ;;
    --no-ready-to-run) ready_to_run=false; shift ;;
    --no-tools) tools=false; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "release.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

command -v dotnet >/dev/null || { echo "release.sh: the .NET SDK (dotnet) is required" >&2; exit 2; }
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)"
[ -n "$version" ] || { echo "release.sh: no <Version> in Directory.Build.props" >&2; exit 1; }
name="singernet-$version-linux-x64"
stage="$out/stage/$name"
rm -rf "$out/stage" "$out/$name.tar.gz" "$out/$name.tar.gz.sha256" "$out/nuget"
mkdir -p "$stage/bin" "$out/nuget"

mapfile -t projects < <(grep -l '<OutputType>Exe</OutputType>' taps/*/*.csproj targets/*/*.csproj tools/*/*.csproj | sort)
built=0
for project in "${projects[@]}"; do
  exe="$(sed -n 's:.*<AssemblyName>\(.*\)</AssemblyName>.*:\1:p' "$project")"
  [ -z "$only" ] || [[ "$only" == *",$exe,"* ]] || continue
  if [ "$ready_to_run" = true ] && grep -q '<SingerNetNativeAot>true</SingerNetNativeAot>' "$project" \
    && { command -v clang >/dev/null || command -v gcc >/dev/null; } && [ -e /usr/include/zlib.h ]; then
    echo "release.sh: $exe (native, single file)" >&2
    dotnet publish "$project" -c Release -r linux-x64 --nologo --verbosity quiet -p:PublishAot=true \
      -p:StripSymbols=true -p:DebugType=none -o "$out/stage/publish-$exe" >&2
    rm -f "$out/stage/publish-$exe/$exe.dbg"
  else
    echo "release.sh: $exe (self-contained, single file)" >&2
    dotnet publish "$project" -c Release -r linux-x64 --self-contained true --nologo --verbosity quiet \
      -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:PublishReadyToRun="$ready_to_run" \
      -p:DebugType=none -o "$out/stage/publish-$exe" >&2
  fi
  install -m 0755 "$out/stage/publish-$exe/$exe" "$stage/bin/$exe"
  # Native libraries a single file cannot hold (libduckdb.so of native target-duckdb) sit beside it.
  find "$out/stage/publish-$exe" -maxdepth 1 -type f ! -name "$exe" ! -name '*.pdb' ! -name '*.dbg' ! -name '*.json' -exec cp {} "$stage/bin/" \;
  if [ "$tools" = true ]; then
    dotnet pack "$project" -c Release --nologo --verbosity quiet -p:PackAsTool=true -p:ToolCommandName="$exe" \
      -o "$out/nuget" >&2
  fi
  built=$((built + 1))
done
[ "$built" -gt 0 ] || { echo "release.sh: --only '${only//,/ }' names no executable" >&2; exit 2; }

cp README.md LICENSE "$stage/"
cp -r catalogs "$stage/catalogs"
tar -C "$out/stage" -czf "$out/$name.tar.gz" "$name"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
rm -rf "$out/stage"
echo "release.sh: $out/$name.tar.gz ($built executables)" >&2
[ "$tools" = false ] || echo "release.sh: $out/nuget ($(ls "$out/nuget" | wc -l) tool packages)" >&2
echo "$out/$name.tar.gz"
