package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOutputFolderChecked: a wrong -o is found before any workbook is
// read, with one message per problem naming the path.
func TestOutputFolderChecked(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	require.NoError(t, os.MkdirAll(in, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(in, "scalingo.xlsx"), mustRead(t, "../../samples/tender/scalingo.xlsx"), 0o644))
	file := filepath.Join(dir, "a-file")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"a file", []string{"score", in, "-o", file}, "cannot use " + file + " as the output folder: it is a file"},
		{"under a file", []string{"score", in, "-o", filepath.Join(file, "out")}, "cannot create the output folder " + filepath.Join(file, "out") + ": " + file + " is a file"},
		{"inside a searched input folder", []string{"score", in, "-o", filepath.Join(in, "out")}, "is inside the input folder " + in + ", which is searched for workbooks: give -o a folder outside it"},
		{"the input folder itself", []string{"score", in, "-o", in}, "is inside the input folder"},
		{"jobs 0", []string{"score", in, "-o", filepath.Join(dir, "o"), "-j", "0"}, "--jobs 0: give 1 or more"},
		{"jobs -1", []string{"score", in, "-o", filepath.Join(dir, "o"), "-j", "-1"}, "--jobs -1: give 1 or more"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tc.args...)
			assert.Equal(t, exitUsage, code, stderr)
			assert.Contains(t, stderr, tc.want)
			assert.Equal(t, 1, strings.Count(stderr, "\n"), "one message: %s", stderr)
			assert.Empty(t, stdout, "nothing scored")
			assert.NotContains(t, stderr, "scored")
		})
	}
	_, err := os.Stat(filepath.Join(in, "out"))
	assert.True(t, os.IsNotExist(err), "a refused output folder is not made")

	// Explicit files in a folder may have their reports beside them.
	code, _, stderr := runCmd(t, "score", filepath.Join(in, "scalingo.xlsx"), "-o", in, "-q")
	assert.Equal(t, exitOK, code, stderr)
}

// TestOwnOutputsNeverRead: a folder searched for workbooks skips the
// reports an earlier run left in it, wherever they are.
func TestOwnOutputsNeverRead(t *testing.T) {
	in := copySamples(t)
	out := filepath.Join(t.TempDir(), "reports")
	code, _, stderr := runCmd(t, "score", in, "-o", out, "-q")
	require.Equal(t, exitInvalid, code, stderr)
	assert.FileExists(t, filepath.Join(out, outputMarker))
	// The reports end up among the inputs (moved there by hand).
	require.NoError(t, os.Rename(out, filepath.Join(in, "reports")))
	got := collectInputs([]string{in}, "")
	assert.Len(t, got.Files, 4, "only the four samples: %v", got.Files)
	assert.Equal(t, 3, got.Outputs, "annotated/, scorecards/ and summary.xlsx skipped")
	for _, f := range got.Files {
		assert.NotContains(t, f, "reports")
	}
	// A workbook of the user's own in the folder is still read.
	require.NoError(t, os.WriteFile(filepath.Join(in, "reports", "mine.xlsx"), mustRead(t, filepath.Join(in, "scalingo.xlsx")), 0o644))
	assert.Len(t, collectInputs([]string{in}, "").Files, 5)
}

// TestWorkbookOpenWarning: a lock file beside a workbook is a warning on
// that workbook in validate and in every report of score.
func TestWorkbookOpenWarning(t *testing.T) {
	for _, lock := range []struct{ name, app string }{{"~$scalingo.xlsx", "Excel"}, {".~lock.scalingo.xlsx#", "LibreOffice"}} {
		t.Run(lock.app, func(t *testing.T) {
			dir := t.TempDir()
			wb := filepath.Join(dir, "scalingo.xlsx")
			require.NoError(t, os.WriteFile(wb, mustRead(t, "../../samples/tender/scalingo.xlsx"), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, lock.name), []byte("lock"), 0o644))
			code, stdout, _ := runCmd(t, "validate", dir)
			assert.Equal(t, exitOK, code, "a warning")
			assert.Contains(t, stdout, "scalingo.xlsx: warning workbook-open: open in "+lock.app+": unsaved changes are not scored")

			out := filepath.Join(t.TempDir(), "out")
			code, _, stderr := runCmd(t, "score", dir, "-o", out, "-q", "--date", "2026-06-15")
			assert.Equal(t, exitOK, code, stderr)
			found := false
			for _, is := range readResults(t, out).Providers[0].Issues {
				found = found || (is.Code == "workbook-open" && is.Severity == "warning")
			}
			assert.True(t, found, "results.json has the warning")
		})
	}
}

// TestUnreadableShowsDash: a file that could not be read has no score.
func TestUnreadableShowsDash(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.xlsx"), []byte("not a workbook"), 0o644))
	_, stdout, _ := runCmd(t, "score", dir, "-o", filepath.Join(t.TempDir(), "out"), "-q")
	lines := strings.Split(stdout, "\n")
	require.GreaterOrEqual(t, len(lines), 2)
	cols := regexp.MustCompile(`\s{2,}`).Split(strings.TrimSpace(lines[1]), -1)
	require.Len(t, cols, 8, lines[1])
	assert.Equal(t, []string{"-", "-", "-", "no", "1", "0"}, []string{cols[0], cols[2], cols[3], cols[4], cols[5], cols[6]}, "rank, score, SEAL, eligible, errors, warnings")
	assert.NotContains(t, stdout, "0.00")
}

// TestProvisionalFootnote: the table explains the provisional mark only
// when some SEAL it prints carries it. A file that could not be read is
// provisional, but prints no SEAL.
func TestProvisionalFootnote(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "x.xlsx")
	require.NoError(t, os.WriteFile(text, []byte("not a workbook"), 0o644))
	for _, tc := range []struct {
		name     string
		inputs   []string
		footnote bool
	}{
		{"a text file named x.xlsx", []string{text}, false},
		{"an unreadable file beside a complete workbook", []string{text, tenderSample}, false},
		{"a workbook with unanswered factors", []string{"../../samples/mistakes/"}, true},
		{"both", []string{text, "../../samples/mistakes/"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"score", "--outputs", "", "-q"}, tc.inputs...)
			_, stdout, stderr := runCmd(t, args...)
			require.Contains(t, stdout, "RANK", stderr)
			assert.Equal(t, tc.footnote, strings.Contains(stdout, "* provisional"), stdout)
			assert.Equal(t, tc.footnote, strings.Contains(stdout, "*  "), "a starred SEAL: %s", stdout)
		})
	}
}

// TestNoOutputsSaysSo: with --outputs selecting nothing, the summary says
// that no report was written, and the output folder is not made.
func TestNoOutputsSaysSo(t *testing.T) {
	for _, tc := range []struct {
		name, outputs, want string
		folder              bool
	}{
		{"none", "", "no report was written", false},
		{"only commas", ",", "no report was written", false},
		{"one", "json", "reports in ", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			code, _, stderr := runCmd(t, "score", tenderSample, "-o", out, "--outputs", tc.outputs, "--format", "none")
			require.Equal(t, exitOK, code, stderr)
			assert.Contains(t, stderr, "scored 1 workbook(s)")
			assert.Contains(t, stderr, tc.want)
			assert.Equal(t, tc.folder, strings.Contains(stderr, "reports in"), stderr)
			if tc.folder {
				assert.DirExists(t, out)
			} else {
				assert.NoDirExists(t, out, "nothing to write, no folder")
			}
		})
	}
}

// TestCSVByteOrderMark: the CSV files start with the UTF-8 byte-order
// mark, so Excel reads "Société" right; standard output has none.
func TestCSVByteOrderMark(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runCmd(t, "score", "../../samples/tender/", "-o", out, "-q", "--format", "csv", "--outputs", "csv")
	require.Equal(t, exitOK, code, stderr)
	for _, f := range []string{"results.csv", "providers.csv"} {
		data := mustRead(t, filepath.Join(out, f))
		assert.True(t, strings.HasPrefix(string(data), "\uFEFFfile,"), f)
	}
	assert.True(t, strings.HasPrefix(stdout, "file,") || strings.HasPrefix(stdout, "rank,") || !strings.HasPrefix(stdout, "\uFEFF"), "no mark on stdout")
}

func TestDisplayPath(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	for _, tc := range []struct{ in, want string }{
		{"samples/tender/x.xlsx", "samples/tender/x.xlsx"},
		{"./x.xlsx", "x.xlsx"},
		{filepath.Join(wd, "in", "x.xlsx"), "in/x.xlsx"},
		{filepath.Join(filepath.Dir(wd), "x.xlsx"), "../x.xlsx"},
	} {
		assert.Equal(t, tc.want, displayPath(tc.in), tc.in)
	}
}

// TestPDFPathsRelative: the dossier's PDFs name an input given with an
// absolute path relative to the working directory.
func TestPDFPathsRelative(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	abs, err := filepath.Abs("../../samples/tender/scalingo.xlsx")
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCmd(t, "score", abs, "-o", out, "-q", "--outputs", "scorecards,comparison")
	require.Equal(t, exitOK, code, stderr)
	for _, pdf := range []string{filepath.Join(out, "comparison.pdf"), filepath.Join(out, "scorecards", "Scalingo.pdf")} {
		txt, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
		require.NoError(t, err)
		text := strings.Join(strings.Fields(string(txt)), " ")
		assert.NotContains(t, text, filepath.Dir(abs), pdf)
		assert.Contains(t, text, "scalingo.xlsx", pdf)
	}
	txt, err := exec.Command(pdftotext, filepath.Join(out, "comparison.pdf"), "-").Output()
	require.NoError(t, err)
	assert.Contains(t, string(txt), "../../samples/tender/scalingo.xlsx", "relative to the working directory")
}

// TestComparePDFPathsRelative: diff.pdf and reconcile.pdf name inputs
// given with absolute paths as the score PDFs do, relative to the working
// directory, while their JSON keeps the paths as given.
func TestComparePDFPathsRelative(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		require.NoError(t, err)
		return a
	}
	tests := []struct {
		cmd  string
		args []string
		pdf  string
	}{
		{"diff", []string{abs("../../samples/history/scalingo-2025.xlsx"), abs("../../samples/tender/scalingo.xlsx")}, "diff.pdf"},
		{"reconcile", []string{abs("../../samples/panel/nimbus-dubois.xlsx"), abs("../../samples/panel/nimbus-keller.xlsx")}, "reconcile.pdf"},
	}
	for _, tc := range tests {
		t.Run(tc.cmd, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			code, _, stderr := runCmd(t, append([]string{tc.cmd, "-o", out, "--format", "none"}, tc.args...)...)
			require.Equal(t, exitOK, code, stderr)
			txt, err := exec.Command(pdftotext, filepath.Join(out, tc.pdf), "-").Output()
			require.NoError(t, err)
			text := strings.Join(strings.Fields(string(txt)), " ")
			assert.NotContains(t, text, filepath.Dir(tc.args[0]), "no absolute path in the PDF")
			assert.Contains(t, text, "../../samples/", "relative to the working directory")
			js, err := os.ReadFile(filepath.Join(out, strings.TrimSuffix(tc.pdf, ".pdf")+".json"))
			require.NoError(t, err)
			assert.Contains(t, string(js), tc.args[0], "the JSON keeps the path as given")
		})
	}
}
