#!/usr/bin/env bash
# Checks the SBML that TrkbSim writes with another tool: libSBML's validator (Debian's libsbml5-dev, installed when
# missing). Exports the whole mechanism as COMBINE archives (fluoxetine in a human, ketamine in a mouse) and the
# examples' SBML, validates each model, and writes bench/results/sbml-validation.md.
# Usage: bench/interop/check.sh   (from anywhere; needs apt-get and root when libSBML is missing)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ ! -f /usr/include/sbml/SBMLTypes.h ]]; then
  echo "installing libsbml5-dev" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends libsbml5-dev gcc unzip >/dev/null
fi
gcc -O1 -Wall -o "$work/sbml_check" "$here/sbml_check.c" -lsbml

dotnet build "$root/src/TrkbSim.Cli" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
trkbsim() { dotnet "$root/src/TrkbSim.Cli/bin/Release/net10.0/trkbsim.dll" "$@"; }

cd "$work"
trkbsim regimen --drug fluoxetine --dose 20mg --every 24h --for 8w --export-omex fluoxetine-human.omex --summary s1.json >/dev/null
trkbsim regimen --regimen "ketamine 10mg/kg ip doses 1" --species mouse --export-omex ketamine-mouse.omex --summary s2.json >/dev/null
trkbsim export-omex "$root/examples/robertson.ant" --end 100 -o robertson.omex
models=()
for archive in fluoxetine-human ketamine-mouse robertson; do
  unzip -q -o "$archive.omex" model.xml -d "$archive"
  models+=("$archive/model.xml")
done
cp "$root/examples/enzyme.xml" enzyme.xml
models+=(enzyme.xml)

status=0
"$work/sbml_check" "${models[@]}" >check.txt || status=$?
out="$root/bench/results/sbml-validation.md"
{
  echo "Measured by \`bench/interop/check.sh\` on $(date -u +%Y-%m-%d), trkbsim $(trkbsim --version): the SBML in TrkbSim's"
  echo "COMBINE archives (\`regimen --export-omex\`, \`export-omex\`) and examples/enzyme.xml validated by libSBML (all"
  echo "consistency checks; warnings about units counted apart, the others by libSBML id: 80701 is a parameter whose units"
  echo "are not declared). Exit status of the validator: $status (0: no errors)."
  echo
  echo '```'
  sed "s|$work/||" check.txt
  echo '```'
} >"$out"
cat "$out"
exit "$status"
