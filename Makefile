# Developer commands. `make setup` once per machine (it skips what is already there);
# `make test` is exactly what CI runs.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
# npm's binaryen 132 provides the wasm-opt trunk expects (Debian's 108 cannot read our wasm).
export PATH := $(CURDIR)/e2e/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

TRUNK_VERSION := 0.21.14
# The wasm-bindgen CLI must be the exact version Cargo.lock pins for the crate.
WASM_BINDGEN_VERSION := $(shell grep -A1 '^name = "wasm-bindgen"$$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
TRUNK := trunk --skip-version-check
NPM_DEPS := e2e/node_modules/.package-lock.json

.PHONY: setup serve build test test-engine test-ui test-web test-e2e bench soak bless

setup: $(NPM_DEPS)
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null \
	  || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; }
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@# The threaded host (tools/build-threaded-host.sh) rebuilds std with atomics on nightly: when a
	@# nightly is installed, give it std's source and the wasm32 target. Without one the page stays
	@# single-threaded and says so.
	@if rustup run nightly rustc --version >/dev/null 2>&1; then \
	  rustup component list --toolchain nightly --installed | grep -q '^rust-src' || rustup component add rust-src --toolchain nightly; \
	  rustup target list --toolchain nightly --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown --toolchain nightly; \
	fi
	@trunk --version 2>/dev/null | grep -qF ' $(TRUNK_VERSION)' \
	  || cargo install trunk --version $(TRUNK_VERSION) --locked
	@# Not --locked: the registry lacks a version its lock file names; the resolved set works.
	@wasm-bindgen --version 2>/dev/null | grep -qF ' $(WASM_BINDGEN_VERSION)' \
	  || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

$(NPM_DEPS): e2e/package.json e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund

# The page on http://127.0.0.1:8080, rebuilt on every change.
serve: setup
	$(TRUNK) serve

# The release page in dist/.
build: setup
	cargo fetch --locked
	$(TRUNK) build --release --locked --offline

test: setup test-engine test-ui test-web test-e2e

# The engine alone, as every engine developer runs it.
test-engine:
	cargo test --locked

# The page's components, rendered natively by Yew's server renderer.
test-ui:
	cargo test --locked --features ssr --lib ui::

# The wire codec and the page's controls in headless Chromium.
test-web: setup
	cargo test --locked --target wasm32-unknown-unknown --test web

# The built page and its host Web Worker, driven in Chromium.
test-e2e: build
	node --test e2e/e2e.test.mjs e2e/threads.test.mjs

# Speed figures (printed, never asserted): the engine natively, and in wasm under node and in
# headless Chromium; the layout; the charts; and chunked against plain array sums on 1 and 2 rayon threads, natively and in
# Chromium's Web Workers.
bench:
	cargo bench --locked --bench engine
	cargo test --locked --release --target wasm32-unknown-unknown --test web_speed -- --nocapture
	cargo test --locked --release --target wasm32-unknown-unknown --test web_speed_browser -- --nocapture
	cargo bench --locked --bench layout
	cargo bench --locked --features ssr --bench charts
	cargo bench --locked --features parallel --bench array
	$(MAKE) build
	node e2e/bench-threads.mjs

# 100,000 random graphs × clusters × fault schedules; a failure prints the seed to rerun.
soak:
	TASKLAB_CASES=100000 cargo test --locked --release --test it properties

# Rewrite inline expectations (expect-test) after a deliberate change; review the diff.
bless:
	UPDATE_EXPECT=1 cargo test --locked --features ssr
