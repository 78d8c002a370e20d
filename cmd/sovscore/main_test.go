package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// runCmd runs sovscore in-process with captured streams.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

const scalingoMD = "../../samples/src/tender/scalingo.md"

// seedRows parses the factor rows of the framework's Markdown table form:
// ID -> [Score, SEAL, Conf.].
func seedRows(t *testing.T, path string) map[string][3]string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	rows := map[string][3]string{}
	re := regexp.MustCompile(`^\| (SOV-\d\.\d) \|`)
	for _, line := range strings.Split(string(data), "\n") {
		if !re.MatchString(line) {
			continue
		}
		c := strings.Split(line, " | ")
		rows[strings.TrimPrefix(c[0], "| ")] = [3]string{c[3], c[4], c[5]}
	}
	return rows
}

type resultsDoc struct {
	Tool      struct{ Name, Version string }
	Framework struct{ Name, Version string }
	Profile   struct {
		Name    string
		Weights map[string]float64
		Divisor string
		MinSEAL map[string]int `json:"min_seal"`
	}
	Providers []struct {
		File, SHA256, Provider string
		Complete, Eligible     bool
		Score                  float64
		SEAL                   int
		Rank                   int
		Objectives             []struct {
			ID, Name                   string
			Points, Max, Ratio, Weight float64
			SEAL                       int
		}
		Factors []struct {
			ID         string
			Option     int
			Points     float64
			Max        float64
			SEAL       int
			Confidence string
			Sources    []string
		}
		Issues []struct{ Severity, Code, Sheet, Cell, Message string }
	}
}

func readResults(t *testing.T, dir string) resultsDoc {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "results.json"))
	require.NoError(t, err)
	var doc resultsDoc
	require.NoError(t, json.Unmarshal(data, &doc))
	return doc
}

// TestScalingoGolden imports the sample Markdown, scores it under both
// built-in profiles and checks every factor against the seed table and the
// published results.
func TestScalingoGolden(t *testing.T) {
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "scalingo.xlsx")
	code, _, stderr := runCmd(t, "import-md", scalingoMD, "-o", xlsx)
	require.Equal(t, exitOK, code, stderr)

	seed := seedRows(t, scalingoMD)
	require.Len(t, seed, 48)
	assert.Equal(t, seedRows(t, "../../testdata/seed-assessment-scalingo.md"), seed, "the sample is the seed")

	for _, tt := range []struct {
		profile string
		score   float64
	}{{"eucsf-1.2.1", 74.86}, {"calculator-2026", 77.10}} {
		t.Run(tt.profile, func(t *testing.T) {
			out := filepath.Join(dir, tt.profile)
			code, stdout, stderr := runCmd(t, "score", xlsx, "--profile", tt.profile, "--out", out, "--date", "2026-06-15")
			require.Equal(t, exitOK, code, stderr)
			assert.Contains(t, stdout, "Scalingo")
			doc := readResults(t, out)
			require.Len(t, doc.Providers, 1)
			p := doc.Providers[0]
			assert.Equal(t, "Scalingo", p.Provider)
			assert.Equal(t, tt.score, p.Score)
			assert.Equal(t, 3, p.SEAL)
			assert.True(t, p.Complete)
			assert.True(t, p.Eligible)
			assert.Equal(t, 1, p.Rank)
			var seals []int
			var ratios []float64
			for _, o := range p.Objectives {
				seals = append(seals, o.SEAL)
				ratios = append(ratios, o.Ratio)
			}
			assert.Equal(t, []int{4, 4, 3, 3, 3, 3, 3, 3}, seals)
			assert.Equal(t, []float64{0.8642, 0.9583, 0.8, 0.8333, 0.6071, 0.6, 0.7857, 0.5625}, ratios)
			require.Len(t, p.Factors, 48)
			for _, f := range p.Factors {
				want := seed[f.ID]
				got := [3]string{fraction(f.Points, f.Max), fmt.Sprintf("SEAL-%d", f.SEAL), f.Confidence}
				assert.Equal(t, want, got, f.ID)
			}
			sum := sha256.Sum256(mustRead(t, xlsx))
			assert.Equal(t, hex.EncodeToString(sum[:]), p.SHA256)
			golden(t, filepath.Join("testdata", "scalingo."+tt.profile+".json"), normalizeJSON(t, out, xlsx))
		})
	}
}

// fraction renders points as the framework tables do: rounded half up.
func fraction(p, max float64) string {
	return fmt.Sprintf("%d/%d", int(math.Floor(p+0.5)), int(math.Floor(max+0.5)))
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	return b
}

// normalizeJSON makes results.json independent of the temp directory.
func normalizeJSON(t *testing.T, out, input string) []byte {
	b := mustRead(t, filepath.Join(out, "results.json"))
	return bytes.ReplaceAll(b, []byte(filepath.ToSlash(input)), []byte("scalingo.xlsx"))
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./cmd/sovscore -update to create %s", path)
	assert.Equal(t, string(want), string(got), "golden %s differs; if intended, rerun with -update", path)
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.xlsx")
	require.NoError(t, os.WriteFile(bad, []byte("ID,Answer\nSOV-1.1,4\n"), 0o644))
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"no args", nil, exitUsage, "Usage"},
		{"unknown command", []string{"frobnicate"}, exitUsage, "unknown command"},
		{"help", []string{"--help"}, exitOK, ""},
		{"score help", []string{"score", "--help"}, exitOK, "--profile"},
		{"validate help", []string{"validate", "-h"}, exitOK, "severity code"},
		{"bad flag", []string{"score", "--nope", dir}, exitUsage, "unknown flag"},
		{"score nothing", []string{"score"}, exitUsage, "give at least one"},
		{"bad profile", []string{"score", "-p", "nope", bad}, exitUsage, "unknown profile"},
		{"bad format", []string{"score", "--format", "xml", bad}, exitUsage, "--format"},
		{"unreadable workbook", []string{"score", bad, "-o", filepath.Join(dir, "out")}, exitInvalid, "could not be read"},
		{"validate unreadable", []string{"validate", bad}, exitInvalid, "1 error"},
		{"missing path", []string{"validate", filepath.Join(dir, "nope.xlsx")}, exitUsage, "no such file"},
		{"version", []string{"version"}, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			assert.Equal(t, tt.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			assert.Contains(t, stdout+stderr, tt.err)
		})
	}
}

func TestValidateLineFormat(t *testing.T) {
	dir := t.TempDir()
	tpl := filepath.Join(dir, "blank.xlsx")
	code, _, stderr := runCmd(t, "template", "-o", tpl)
	require.Equal(t, exitOK, code, stderr)
	code, stdout, _ := runCmd(t, "validate", tpl)
	assert.Equal(t, exitInvalid, code)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	assert.Len(t, lines, 49, "48 missing answers and the provider name")
	line := regexp.MustCompile(`^.+blank\.xlsx: (Cover|SOV-\d)![A-Z]+\d+: (error|warning) [a-z-]+: .+$`)
	for _, l := range lines {
		assert.Regexp(t, line, l)
	}
	assert.Contains(t, stdout, "blank.xlsx: SOV-1!D5: error answer-missing: SOV-1.1 has no answer")

	// template refuses to overwrite without --force.
	code, _, stderr = runCmd(t, "template", "-o", tpl)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--force")
}

// copySamples copies the sample tender and the flawed workbook into a temp
// directory (the diff and reconcile samples assess the same providers
// again).
func copySamples(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var files []string
	for _, set := range []string{"tender", "mistakes"} {
		more, err := filepath.Glob("../../samples/" + set + "/*.xlsx")
		require.NoError(t, err)
		files = append(files, more...)
	}
	require.NotEmpty(t, files, "samples/*/*.xlsx: run make samples")
	for _, f := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), mustRead(t, f), 0o644))
	}
	return dir
}

func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		require.NoError(t, err)
		if !d.IsDir() {
			sum := sha256.Sum256(mustRead(t, p))
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		}
		return nil
	}))
	return out
}

// TestScoreSamplesWritesEverything runs the README's first command on the
// samples and checks every report exists, the inputs are unchanged and a
// second run with another -j gives byte-identical outputs.
func TestScoreSamplesWritesEverything(t *testing.T) {
	in := copySamples(t)
	before := hashTree(t, in)
	out1, out2 := filepath.Join(t.TempDir(), "o1"), filepath.Join(t.TempDir(), "o2")

	code, stdout, stderr := runCmd(t, "score", in, "-o", out1, "-j", "1")
	assert.Equal(t, exitInvalid, code, "one sample is deliberately flawed\n%s", stderr)
	for _, name := range []string{"Castellum Cloud SAS", "Scalingo", "Nimbus", "BrightSky"} {
		assert.Contains(t, stdout, name)
	}
	code, _, stderr = runCmd(t, "score", in, "-o", out2, "-j", "4")
	assert.Equal(t, exitInvalid, code, stderr)

	h1, h2 := hashTree(t, out1), hashTree(t, out2)
	for _, f := range []string{"results.json", "results.csv", "providers.csv", "summary.xlsx", "comparison.pdf",
		"annotated/scalingo.xlsx", "annotated/brightsky-mistakes.xlsx", "scorecards/Scalingo.pdf", "scorecards/Castellum Cloud SAS.pdf"} {
		assert.Contains(t, h1, f)
	}
	// results.json names the input directory, which differs between runs
	// only if the inputs differ: here they are the same.
	assert.Equal(t, h1, h2, "outputs do not depend on -j")
	assert.Equal(t, before, hashTree(t, in), "inputs are never modified")

	doc := readResults(t, out1)
	require.Len(t, doc.Providers, 4)
	assert.Equal(t, "brightsky-mistakes.xlsx", filepath.Base(doc.Providers[0].File), "input order: lexical")
	assert.False(t, doc.Providers[0].Eligible)
}

// TestFirstRunSucceeds: README's first command, on the sample tender,
// exits 0 and ranks every sample.
func TestFirstRunSucceeds(t *testing.T) {
	code, stdout, stderr := runCmd(t, "score", "../../samples/tender/", "-o", t.TempDir(), "-q")
	assert.Equal(t, exitOK, code, stderr)
	for _, name := range []string{"Castellum Cloud SAS", "Scalingo", "Nimbus"} {
		assert.Contains(t, stdout, name)
	}
	// The deliberately flawed sample is where README's validation
	// example points.
	code, stdout, _ = runCmd(t, "validate", "../../samples/mistakes/")
	assert.Equal(t, exitInvalid, code)
	assert.Contains(t, stdout, "answer-invalid")
}

// TestOutputNeverOverwritesInput: --out pointing at the inputs writes
// beside them and refuses to replace an input.
func TestOutputNeverOverwritesInput(t *testing.T) {
	in := copySamples(t)
	// An input that sits exactly where its annotated copy would go.
	require.NoError(t, os.MkdirAll(filepath.Join(in, "annotated"), 0o755))
	trap := filepath.Join(in, "annotated", "scalingo.xlsx")
	require.NoError(t, os.WriteFile(trap, mustRead(t, filepath.Join(in, "scalingo.xlsx")), 0o644))
	before := hashTree(t, in)

	code, _, stderr := runCmd(t, "score", trap, filepath.Join(in, "castellum-iaas.xlsx"), "-o", in, "-q")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "refusing to overwrite an input file")
	after := hashTree(t, in)
	for f, h := range before {
		assert.Equal(t, h, after[f], "%s must be unchanged", f)
	}
	assert.Contains(t, after, "annotated/castellum-iaas.xlsx", "the other outputs are still written")
	assert.Contains(t, after, "results.json")
	entries, err := os.ReadDir(filepath.Join(in, "annotated"))
	require.NoError(t, err)
	for _, e := range entries {
		assert.False(t, strings.HasSuffix(e.Name(), ".tmp"), "no temporary file left: %s", e.Name())
	}
}

// TestDirectoryWalk: thousands of non-xlsx files, lock files, hidden
// directories and a symbolic link loop neither hang nor stop the batch.
func TestDirectoryWalk(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.xlsx"), mustRead(t, "../../samples/tender/scalingo.xlsx"), 0o644))
	for i := 0; i < 3000; i++ {
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("note-%04d.txt", i)), []byte("x"), 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "~$a.xlsx"), []byte("lock"), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, ".git"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".git", "b.xlsx"), []byte("x"), 0o644))
	sub := filepath.Join(dir, "sub")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	require.NoError(t, os.Symlink(dir, filepath.Join(sub, "loop")))
	require.NoError(t, os.WriteFile(filepath.Join(sub, "bad.xlsx"), []byte("not a workbook"), 0o644))

	in := collectInputs([]string{dir}, "")
	assert.Equal(t, []string{filepath.Join(dir, "a.xlsx"), filepath.Join(sub, "bad.xlsx")}, in.Files)
	assert.Equal(t, 3001, in.Skipped, "3000 notes and the lock file")
	assert.Contains(t, strings.Join(in.Notes, "\n"), "symbolic link to a directory, not followed")

	code, stdout, stderr := runCmd(t, "score", dir, "-o", filepath.Join(t.TempDir(), "out"), "-v")
	assert.Equal(t, exitInvalid, code)
	assert.Contains(t, stdout, "Scalingo")
	assert.Contains(t, stderr, "1 file(s) could not be read")
	assert.Contains(t, stderr, "bad.xlsx: this is a text file")
	assert.Contains(t, stderr, "skipped 3001 file(s)")
}

// TestInterruptLeavesNoPartialFile: a cancelled run (Ctrl-C) writes no
// combined report and leaves no temporary file behind.
func TestInterruptLeavesNoPartialFile(t *testing.T) {
	in := copySamples(t)
	out := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var o scoreOptions
	o.out, o.format, o.jobs, o.outputs, o.quiet = out, "none", 2, "all", true
	var errb bytes.Buffer
	code := score(ctx, []string{in}, o, &streams{Out: io.Discard, Err: &errb})
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errb.String(), "interrupted")
	_ = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			assert.False(t, strings.HasSuffix(p, ".tmp"), "temporary file left: %s", p)
			assert.NotEqual(t, "results.json", filepath.Base(p))
		}
		return nil
	})
}

func TestForEachOrderAndCancel(t *testing.T) {
	got := make([]int, 100)
	assert.False(t, forEach(context.Background(), 100, 3, func(i int) { got[i] = i * i }))
	for i, v := range got {
		assert.Equal(t, i*i, v)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	var mu sync.Mutex
	cancelled := forEach(ctx, 1000, 1, func(i int) {
		mu.Lock()
		n++
		mu.Unlock()
		if i == 5 {
			cancel()
		}
	})
	assert.True(t, cancelled)
	assert.Less(t, n, 1000, "no new work after cancellation")
}

// TestMarkdownReproducesSeed: scoring the Scalingo workbook with
// --format markdown gives the seed's ID, Score, SEAL and Conf. columns.
func TestMarkdownReproducesSeed(t *testing.T) {
	code, stdout, stderr := runCmd(t, "score", "../../samples/tender/scalingo.xlsx", "--format", "markdown", "-o", t.TempDir(), "-q")
	require.Equal(t, exitOK, code, stderr)
	got := map[string][3]string{}
	for _, line := range strings.Split(stdout, "\n") {
		if c := strings.Split(line, " | "); len(c) >= 7 && regexp.MustCompile(`^\| SOV-\d\.\d$`).MatchString(c[0]) {
			got[strings.TrimPrefix(c[0], "| ")] = [3]string{c[3], c[4], c[5]}
		}
	}
	assert.Equal(t, seedRows(t, scalingoMD), got)
	golden(t, filepath.Join("testdata", "scalingo.md.golden"), []byte(stdout))
}

// TestDamagedSheetNotAnnotated: a workbook whose sheet XML is broken is
// scored and reported everywhere, but gets no annotated copy (annotation
// would have to parse the broken sheet in full).
func TestDamagedSheetNotAnnotated(t *testing.T) {
	src := mustRead(t, "../../samples/tender/scalingo.xlsx")
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	require.NoError(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	cut := false
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		if !cut && strings.HasPrefix(f.Name, "xl/worksheets/sheet") && bytes.Contains(data, []byte("SOV-1.1")) {
			data, cut = data[:bytes.Index(data, []byte("SOV-1.4"))], true
		}
		w, err := zw.Create(f.Name)
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	if !cut {
		// Inline strings are not used by the template: find SOV-1 via the
		// shared strings instead; the sheet holds indexes, not text.
		t.Skip("could not locate the SOV-1 sheet part by text")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "damaged.xlsx")
	require.NoError(t, os.WriteFile(in, buf.Bytes(), 0o644))
	out := filepath.Join(dir, "out")
	code, _, stderr := runCmd(t, "score", in, "-o", out, "-q")
	// The cut falls after the factor rows: every value was read, and the
	// damage is a warning, so the batch is valid.
	assert.Equal(t, exitOK, code, stderr)
	assert.NotContains(t, stderr, "could not be written")
	_, err = os.Stat(filepath.Join(out, "annotated", "damaged.xlsx"))
	assert.True(t, os.IsNotExist(err), "no annotated copy of a damaged workbook")
	assert.FileExists(t, filepath.Join(out, "scorecards", "Scalingo.pdf"))
}
