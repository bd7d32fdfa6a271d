#!/usr/bin/env bash
# Measures authconf's speed and memory in one go and writes them into docs/benchmarks.md
# (between its "benchmark.sh" markers; the rest of the file is written by hand):
#   the warm default run (both engines) and Chromium alone, one check alone, stack start-up
#   vs its slowest service, the peer ratio (bench/peer: five checks written by hand against
#   the same GoatCounter image, beside authconf's run of the same five), and the peak memory
#   of the default run and of the heaviest stack (Actual's);
#   with --cold first a cold default run (DESTRUCTIVE: purges docker.io, chromium,
#   debootstrap, maven, /var/lib/docker, ~/.cache/authconf and the npm, Maven and Go caches of
#   this machine — what a new machine does not have).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT=docs/benchmarks.md
LOGS="$(mktemp -d)"
FIVE='@LOGIN-OK|@LOGIN-BAD|@LOGIN-COOKIES|@LOGOUT-REPLAY|@SESS-PARALLEL'

# Wall time of a command in seconds (one decimal); its output goes to the log named first.
timed() {
  local log=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >"$LOGS/$log.log" 2>&1 || true
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }'
}

# Peak of the machine's used memory (MemTotal − MemAvailable) above what it used before, in
# MiB, while the command runs: containers, browsers and Node alike.
peak_memory() {
  local log=$1; shift
  used_kib() { awk '/MemTotal/ { t = $2 } /MemAvailable/ { a = $2 } END { print t - a }' /proc/meminfo; }
  local base peak_file
  base=$(used_kib)
  peak_file="$LOGS/$log.peak"
  echo 0 >"$peak_file"
  ( peak=0
    while :; do
      used=$(( $(used_kib) - base ))
      if (( used > peak )); then peak=$used; echo "$peak" >"$peak_file"; fi
      sleep 0.5
    done ) &
  local sampler=$!
  "$@" >"$LOGS/$log.log" 2>&1 || true
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  echo $(( $(cat "$peak_file") / 1024 ))
}

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
  cold=$(timed cold npm run conformance)
fi

echo "[benchmark] warm default run, both engines (with its peak memory)" >&2
t0=$(date +%s.%N)
default_peak=$(peak_memory warm npm run conformance)
warm=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "[benchmark] warm default run, Chromium alone" >&2
chromium=$(AUTHCONF_BROWSERS=chromium timed chromium npm run conformance)
echo "[benchmark] one check alone" >&2
one=$(AUTHCONF_BROWSERS=chromium timed one npm run conformance -- --grep @LOGIN-OK)
echo "[benchmark] the peer: five checks by hand, then authconf's five" >&2
npm run -s conformance -- --grep @LOGIN-OK >/dev/null 2>&1 || true # the machine prepared, the image present
peer=$(AUTHCONF_CHROMIUM="${AUTHCONF_CHROMIUM:-/usr/bin/chromium}" timed peer npx playwright test -c bench/peer)
five=$(AUTHCONF_BROWSERS=chromium timed five npm run conformance -- --grep "$FIVE")
echo "[benchmark] the heaviest stack's peak memory (Actual)" >&2
actual_peak=$(AUTHCONF_TARGET=actual AUTHCONF_BROWSERS=chromium peak_memory actual npm run conformance -- --grep @PROXY-LOGIN)

# "[stack w0] mail (mail.localhost) up in 1.7 s" / "[stack w0] stack 'goatcounter' up in 2.1 s"
read -r slowest stack < <(grep -E '^\[stack w0\]' "$LOGS/one.log" | awk '
  /stack .* up in/ { stack = $(NF-1) }
  /\) up in/ { if ($(NF-1) > slowest) slowest = $(NF-1) }
  END { print slowest, stack }')
idp=$(awk '/^\[stack w0\] idp \(/ { print $(NF-1); exit }' "$LOGS/actual.log")
actual_stack=$(awk "/^\\[stack w0\\] stack 'actual' up in/ { print \$(NF-1); exit }" "$LOGS/actual.log")
cold_text="not measured (run with --cold)"
[[ -n "$cold" ]] && cold_text="${cold} s"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdicts=$(awk '/^conformance:/ { line = $0 } END { print line }' "$LOGS/warm.log")
five_verdicts=$(awk '/^conformance:/ { line = $0 } END { print line }' "$LOGS/five.log")
peer_result=$(awk '/^ +[0-9]+ (passed|failed)/ { sub(/^ +/, ""); out = out (out ? ", " : "") $0 } END { print out }' "$LOGS/peer.log")

block="$LOGS/block.md"
cat >"$block" <<MD
<!-- benchmark.sh: begin (written by scripts/benchmark.sh; edit outside these markers) -->
Measured by \`scripts/benchmark.sh${cold:+ --cold}\` in one run on $(date -u +%Y-%m-%d):
$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME"), Docker $(docker version --format '{{.Server.Version}}' 2>/dev/null), $(node --version 2>/dev/null || true) (bootstrap's Node may differ).

| measure | value |
|---|---|
| cold default run (\`npm run conformance\` after purging Docker, Chromium, images, Node 22, the npm, Maven and Go caches) | ${cold_text} |
| warm default run, Chromium and Firefox (\`npm run conformance\`) | ${warm} s |
| warm default run, Chromium alone (\`AUTHCONF_BROWSERS=chromium\`) | ${chromium} s (the second engine's share: $(awk -v a="$warm" -v b="$chromium" 'BEGIN { printf "%.1f", a - b }') s) |
| one check alone, warm (\`--grep @LOGIN-OK\`, Chromium) | ${one} s |
| stack start-up (GoatCounter + Mailpit) | ${stack} s |
| slowest single service's start-up in that stack | ${slowest} s |
| ratio stack / slowest service | $(ratio "$stack" "$slowest") |
| the peer: five login and session checks by hand (\`npx playwright test -c bench/peer\`) | ${peer} s |
| authconf's run of the same five (\`--grep "${FIVE//|/\\|}"\`, Chromium) | ${five} s |
| **peer ratio** authconf / by hand | **$(ratio "$five" "$peer")** |
| peak memory of the default run (both engines; the machine's used memory above its level before) | ${default_peak} MiB |
| peak memory of the heaviest stack (Actual: Keycloak, oauth2-proxy, nginx, two Actual servers, Mailpit; \`AUTHCONF_TARGET=actual\`, \`--grep @PROXY-LOGIN\`, Chromium) | ${actual_peak} MiB |
| Keycloak's start in that stack / the whole stack | ${idp:-?} s / ${actual_stack:-?} s |

Default run verdicts: \`${verdicts#conformance: }\`. The five: \`${five_verdicts#conformance: }\`; by hand: ${peer_result}.
<!-- benchmark.sh: end -->
MD
if grep -q '<!-- benchmark.sh: begin' "$OUT"; then
  awk -v block="$block" '
    /<!-- benchmark.sh: begin/ { while ((getline line < block) > 0) print line; skipping = 1; next }
    /<!-- benchmark.sh: end -->/ { skipping = 0; next }
    !skipping { print }' "$OUT" >"$LOGS/out.md"
  mv "$LOGS/out.md" "$OUT"
else
  { echo '# Benchmarks'; echo; cat "$block"; } >"$OUT"
fi
echo "[benchmark] wrote $OUT (logs in $LOGS)" >&2
cat "$block"
