# purewasm — every entry point installs what it needs first.
.PHONY: all install build typecheck unit spec test demo bench clean

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

# Type-check, unit tests, spec suites; ends with one line "N passed, N failed".
test: install
	node scripts/test-all.mjs

demo: build
	node dist/cli.mjs demo ../shared

bench: install
	npm run --silent bench

clean:
	rm -rf dist .cache
