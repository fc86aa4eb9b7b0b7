# Parley: the two commands of the README, and a few for development.
SHELL := /bin/bash
MVN ?= mvn -B -q

.PHONY: run test build unit e2e clean

## Build what is needed and run Parley on Payara Micro at http://localhost:8080 (embedded Redis unless REDIS_ADDRESS is set).
run: build
	./scripts/run.sh

## Install what the tests need if missing (Chromium, playwright-core, a Redis), then run every test.
test:
	./scripts/install-test-tools.sh
	$(MVN) verify
	./e2e/run.sh web/target

build:
	$(MVN) -DskipTests package

## Unit and container integration tests only.
unit:
	$(MVN) verify

## Browser end-to-end tests only (needs a build).
e2e: build
	./e2e/run.sh web/target

clean:
	$(MVN) clean
