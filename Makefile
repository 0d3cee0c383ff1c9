# purewasm — every entry point installs what it needs first.
.PHONY: all install build typecheck unit spec engines test demo bench clean

all: test

# npm ci when node_modules is missing or older than the lockfile.
node_modules/.install-stamp: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: node_modules/.install-stamp

build: install
	node scripts/build.mjs

typecheck: install
	npx tsc -p tsconfig.json
	npx tsc -p tsconfig.node.json

unit: install
	npx vitest run

spec: install
	npm run --silent spec

# The conformance subset in every engine we promise (node --jitless, QuickJS, quickjs-ng, Hermes 0.12,
# Chromium --jitless; installs Debian's chromium when missing). Uses dist/purewasm.iife.js when it is newer
# than src/. Ends with one line "N passed, N failed".
engines: install
	npx tsx test/engines/run.ts

# Type-check, unit tests, spec suites, engines; ends with one line "N passed, N failed".
test: install
	node scripts/test-all.mjs

demo: build
	node dist/cli.mjs demo ../shared

bench: install
	npm run --silent bench

clean:
	rm -rf dist .cache
