#!/usr/bin/env bash
# Builds llama.cpp's llama-server and a tiny random-weight model for `npm run test:real`:
# a real OpenAI-compatible server that runs offline on a CPU in a few hundred MB.
#
#   scripts/llama-server.sh build    build what is missing (first run: ~15 minutes on 2 cores)
#   scripts/llama-server.sh paths    print the server and model paths; exit 1 if not built
#
# The llama.cpp source is the one the node-llama-cpp npm package ships (a git bundle inside
# the package), so the build needs the npm registry, cmake and a C++ compiler, but no
# network access to GitHub. Everything lands in a cache directory outside the repository,
# because the build is slow and must survive fresh clones:
#   INFINIPROXY_LLAMA_CACHE      default ${XDG_CACHE_HOME:-~/.cache}/infiniproxy/llama-server
#   INFINIPROXY_LLAMA_NODE_PKG   default node-llama-cpp@3.21.1 (pinned: fixtures come from it)
# Debian packages needed: cmake g++ git.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${INFINIPROXY_LLAMA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/infiniproxy/llama-server}
pkg=${INFINIPROXY_LLAMA_NODE_PKG:-node-llama-cpp@3.21.1}
src=$cache/llama.cpp
server=$src/build/bin/llama-server
model=$cache/tiny-qwen2.gguf

fetch_source() {
  [[ -d $src/.git ]] && return
  local tmp=$cache/pkg
  rm -rf "$tmp" && mkdir -p "$tmp"
  echo "fetching llama.cpp source from $pkg"
  (cd "$tmp" && npm pack --silent "$pkg" >/dev/null && tar xzf ./*.tgz package/llama/gitRelease.bundle)
  git -c advice.detachedHead=false clone --quiet "$tmp/package/llama/gitRelease.bundle" "$src.tmp"
  mv "$src.tmp" "$src"
  rm -rf "$tmp"
}

build_server() {
  [[ -x $server ]] && return
  fetch_source
  echo "building llama-server (log: $cache/build.log)"
  # Only the server target, CPU only, no web UI and no TLS: what the tests need, and the
  # shortest build. GGML_NATIVE=OFF keeps the binary usable if the cache moves machines.
  cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=Release \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_UI=OFF \
    -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_CURL=OFF -DGGML_NATIVE=OFF \
    >"$cache/cmake.log" 2>&1
  # nice: the build saturates every core for minutes; let interactive work and tests go first.
  nice cmake --build "$src/build" --target llama-server -j"$(nproc)" >"$cache/build.log" 2>&1
}

make_model() {
  [[ -f $model ]] && return
  fetch_source
  echo "writing the tiny model"
  (cd "$repo" && node --import tsx scripts/make-tiny-model.ts "$src" "$model.tmp")
  mv "$model.tmp" "$model"
}

case ${1:-} in
  build)
    mkdir -p "$cache"
    build_server
    make_model
    echo "llama-server: $server"
    echo "model:        $model"
    ;;
  paths)
    [[ -x $server && -f $model ]] || { echo "not built: run scripts/llama-server.sh build" >&2; exit 1; }
    echo "$server"
    echo "$model"
    ;;
  *)
    echo "usage: $0 build|paths" >&2
    exit 2
    ;;
esac
