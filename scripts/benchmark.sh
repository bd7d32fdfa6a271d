#!/usr/bin/env bash
# Measures authconf's speed in one go and writes docs/benchmarks.md:
#   warm default run, one check alone (warm), stack start-up vs its slowest service,
#   and with --cold first a cold default run (DESTRUCTIVE: purges docker.io, chromium,
#   debootstrap, maven, /var/lib/docker, ~/.cache/authconf and the npm, Maven and Go caches of
#   this machine — what a new machine does not have).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT=docs/benchmarks.md
LOGS="$(mktemp -d)"

seconds() { local t0=$1; echo $(( $(date +%s) - t0 )); }

cold=""
if [[ "${1:-}" == "--cold" ]]; then
  echo "[benchmark] purging everything a run installs or builds (cold start)" >&2
  pkill -x dockerd || true; sleep 3
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq docker.io chromium debootstrap maven >/dev/null 2>&1 || true
  apt-get autoremove -y -qq >/dev/null 2>&1 || true
  # /var/lib/docker may be a mount point of its own: empty it rather than remove it.
  [[ -d /var/lib/docker ]] && find /var/lib/docker -mindepth 1 -maxdepth 1 -exec rm -rf {} +
  rm -rf "${AUTHCONF_CACHE:-$HOME/.cache/authconf}" node_modules "$HOME/.m2/repository"
  npm cache clean --force >/dev/null 2>&1 || true
  go clean -cache -modcache
  t0=$(date +%s); npm run conformance >"$LOGS/cold.log" 2>&1 || true; cold=$(seconds "$t0")
fi

t0=$(date +%s); npm run conformance >"$LOGS/warm.log" 2>&1 || true; warm=$(seconds "$t0")
t0=$(date +%s); npm run conformance -- --grep @LOGIN-OK >"$LOGS/one.log" 2>&1 || true; one=$(seconds "$t0")

# "[stack w0] mail (mail.localhost) up in 1.7 s" / "[stack w0] stack 'goatcounter' up in 2.1 s"
read -r slowest stack < <(grep -E '^\[stack w0\]' "$LOGS/one.log" | awk '
  /stack .* up in/ { stack = $(NF-1) }
  /\) up in/ { if ($(NF-1) > slowest) slowest = $(NF-1) }
  END { print slowest, stack }')
cold_text="not measured (run with --cold)"
[[ -n "$cold" ]] && cold_text="${cold} s"
ratio=$(awk -v a="$stack" -v b="$slowest" 'BEGIN { printf "%.2f", a / b }')
verdicts=$(grep -E '^conformance:' "$LOGS/warm.log" | tail -1)

cat > "$OUT" <<MD
# Benchmarks

Measured by \`scripts/benchmark.sh${cold:+ --cold}\` in one run on $(date -u +%Y-%m-%d):
$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME"), Docker $(docker version --format '{{.Server.Version}}' 2>/dev/null), $(node --version 2>/dev/null || true) (bootstrap's Node may differ).

| measure | value |
|---|---|
| cold default run (\`npm run conformance\` after purging Docker, Chromium, images, Node 22, the npm, Maven and Go caches) | ${cold_text} |
| warm default run (\`npm run conformance\`) | ${warm} s |
| one check alone, warm (\`npm run conformance -- --grep @LOGIN-OK\`) | ${one} s |
| stack start-up (GoatCounter + Mailpit) | ${stack} s |
| slowest single service's start-up in that stack | ${slowest} s |
| ratio stack / slowest service | ${ratio} |

Default run verdicts: \`${verdicts#conformance: }\`.

Services start in dependency waves; services without dependencies start together, which is
why the stack takes about as long as its slowest service.
MD
echo "[benchmark] wrote $OUT (logs in $LOGS)" >&2
cat "$OUT"
