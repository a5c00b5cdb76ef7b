#!/usr/bin/env bash
# Builds the threaded host: the host Web Worker with the `parallel` feature, its chunk kernels on
# a wasm-bindgen-rayon pool of Web Workers that share its memory. Shared wasm memory needs the
# nightly toolchain (std rebuilt with atomics), so this build has its own target dir and leaves
# the stable one alone. Output: target-par/web/par/, which index.html copies to dist/par/.
# Without a usable nightly it writes a stand-in that starts the plain host (the page then says
# it runs single-threaded). Trunk runs this before every build (Trunk.toml, [[hooks]]).
set -euo pipefail
cd "$(dirname "$0")/.."
out=target-par/web/par
mkdir -p "$out"

nightly_ready() {
  rustup run nightly rustc --version >/dev/null 2>&1 &&
    rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src' &&
    rustup target list --toolchain nightly --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}

if ! nightly_ready; then
  echo "tasklab: no nightly toolchain with rust-src and the wasm32 target, so no threaded host: the page runs single-threaded" >&2
  rm -rf "$out" && mkdir -p "$out"
  cat >"$out/host.js" <<'JS'
// Stand-in written by tools/build-threaded-host.sh when no nightly toolchain was there: the plain host.
export default function start() {
  importScripts('./host.js');
  wasm_bindgen('./host_bg.wasm');
}
JS
  exit 0
fi

export RUSTUP_TOOLCHAIN=nightly
export CARGO_TARGET_DIR=target-par
export CARGO_UNSTABLE_BUILD_STD=panic_abort,std
# Atomics for shared memory, and the linker arguments wasm-bindgen-rayon 1.3 asks for: without
# them the build succeeds but the page fails with "not a shared typed array".
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+atomics,+bulk-memory \
 -C link-arg=--shared-memory -C link-arg=--max-memory=1073741824 -C link-arg=--import-memory \
 -C link-arg=--export=__wasm_init_tls -C link-arg=--export=__tls_size \
 -C link-arg=--export=__tls_align -C link-arg=--export=__tls_base"
# Trunk's hook environment must not leak its own cargo settings into this build.
unset RUSTFLAGS CARGO_BUILD_TARGET

cargo build --locked --release --target wasm32-unknown-unknown --bin host --features parallel
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name host \
  target-par/wasm32-unknown-unknown/release/host.wasm
echo "tasklab: threaded host in $out ($(du -k "$out/host_bg.wasm" | cut -f1) KiB)" >&2
