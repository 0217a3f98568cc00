#!/usr/bin/env bash
# Measures the .NET tool: the size of each package `dotnet pack` makes, the linux-x64 publish folder, the installed
# tool, and the cold start of `trkbsim --version` (median of N runs, wall and CPU). Writes
# bench/results/tool-package.md. Usage: bench/tool/measure.sh [N=21]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-21}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet pack src/TrkbSim.Cli -c Release -o "$work/nupkg" >"$work/pack.log" 2>&1 || { tail -20 "$work/pack.log"; exit 1; }
dotnet publish src/TrkbSim.Cli -c Release -r linux-x64 --self-contained false -o "$work/publish" >"$work/publish.log" 2>&1 \
  || { tail -20 "$work/publish.log"; exit 1; }
dotnet tool install --tool-path "$work/tool" --add-source "$work/nupkg" trkbsim >"$work/install.log" 2>&1 \
  || { cat "$work/install.log"; exit 1; }
version=$("$work/tool/trkbsim" --version)

mb() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1048576 }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f", m }'; }

: >"$work/wall"; : >"$work/cpu"
for _ in $(seq "$runs"); do
  /usr/bin/time -f "%e %U %S" -o "$work/t" "$work/tool/trkbsim" --version >/dev/null
  read -r wall user sys <"$work/t"
  echo "$wall" >>"$work/wall"
  awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }' >>"$work/cpu"
done

out=bench/results/tool-package.md
{
  echo "Measured by \`bench/tool/measure.sh $runs\` on $(date -u +%Y-%m-%d) ($(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg) at the end), trkbsim $version."
  echo
  echo "| package | size (MB) |"
  echo "|---|---|"
  for f in "$work"/nupkg/*.nupkg; do
    echo "| \`$(basename "$f")\` | $(mb "$(stat -c %s "$f")") |"
  done
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| linux-x64 publish folder (framework-dependent) | $(mb "$(du -sb "$work/publish" | cut -f1)") MB |"
  echo "| installed tool folder (\`--tool-path\`, package cache included) | $(mb "$(du -sb "$work/tool" | cut -f1)") MB |"
  echo "| cold \`trkbsim --version\`, median wall of $runs | $(median <"$work/wall") s |"
  echo "| cold \`trkbsim --version\`, median CPU (user + system) of $runs | $(median <"$work/cpu") s |"
} >"$out"
cat "$out"
