# Convenience targets; README gives the plain go commands.
.PHONY: test bench bench-short bench-scale fuzz fuzz-short samples release

test:
	go test ./...

# Per-stage costs per workbook, and the combined reports for 1,000 providers.
bench:
	go test ./cmd/sovscore -run '^$$' -bench . -benchmem -count 3 -timeout 30m

# What CI runs so the benchmarks cannot rot.
bench-short:
	go test ./cmd/sovscore -run '^$$' -bench . -benchtime 1x -benchmem
	SOVSCORE_SCALE=20 go test ./cmd/sovscore -run '^TestScale$$' -v -count 1

# The complete "score" of generated workbooks: wall time and peak RSS.
bench-scale:
	SOVSCORE_SCALE=100,1000,5000 go test ./cmd/sovscore -run '^TestScale$$' -v -count 1 -timeout 60m

# A duration for long local runs; .ci/fuzz explains why CI gives counts.
FUZZTIME ?= 10m
FUZZERS = scoring:FuzzParseAnswer scoring:FuzzSources scoring:FuzzNormalize \
	workbook/mdimport:FuzzParseMarkdown workbook:FuzzOpenBytes workbook:FuzzSheetXML \
	report:FuzzScorecard workbook:FuzzAnnotate workbook:FuzzSummary
fuzz:
	for f in $(FUZZERS); do .ci/fuzz $${f%%:*} $${f##*:} $(FUZZTIME) || exit 1; done

fuzz-short:
	$(MAKE) fuzz FUZZTIME=3000x

# Rebuild the sample workbooks from their Markdown sources.
samples:
	for f in samples/src/*/*.md; do d=$$(basename "$$(dirname "$$f")"); mkdir -p "samples/$$d"; \
		go run ./cmd/sovscore import-md "$$f" -o "samples/$$d/$$(basename "$${f%.md}").xlsx" --force || exit 1; done

# Release archives for Windows, macOS and Linux (amd64 and arm64) and their
# SHA256SUMS, in dist/; reproducible for a given commit and Go version.
# The version comes from the latest tag (git tag v1.2.0).
release:
	go run ./tools/release -out dist
