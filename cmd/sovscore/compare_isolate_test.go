package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook"
)

// TestCompareReadsAsScoreDoes: diff and reconcile read each workbook as
// score does. A panic while reading one makes it unreadable, one while
// scoring gives it an output-failed error, and the others are compared
// all the same; texts the reports' font cannot draw get glyph-missing
// warnings.
func TestCompareReadsAsScoreDoes(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "scalingo-2025.xlsx")
	require.NoError(t, os.WriteFile(old, mustRead(t, historySample), 0o644))
	newer := filepath.Join(dir, "new.xlsx")
	require.NoError(t, os.WriteFile(newer, mustRead(t, "../../samples/tender/castellum-iaas.xlsx"), 0o644))
	cjk := hostileWorkbook(t, dir, "cjk", func(f *excelize.File) {
		require.NoError(t, f.SetCellStr(workbook.CoverSheet, "B5", "云服务"))
	})

	tests := []struct {
		name   string
		change func(*steps)
		check  func(t *testing.T, r *compareRun, old *scoring.Result)
	}{
		{"read panics", panicReadingScalingo, func(t *testing.T, r *compareRun, old *scoring.Result) {
			assert.Nil(t, old, "unreadable: left out of the comparison")
			require.Len(t, r.unreadable, 1)
			assert.Contains(t, r.unreadable[0], "scalingo-2025.xlsx: sovscore failed while reading this workbook")
			for _, bad := range internals {
				assert.NotContains(t, r.unreadable[0], bad)
			}
		}},
		{"scoring panics", panicScoringScalingo, func(t *testing.T, r *compareRun, old *scoring.Result) {
			require.NotNil(t, old)
			assert.Empty(t, r.unreadable)
			assert.True(t, old.Issues.Has(scoring.CodeOutputFailed), old.Issues)
			assert.Equal(t, "Scalingo", old.Provider.Name.Text, "the cover is kept")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errb bytes.Buffer
			r, code := newCompareRun("diff", compareOptions{jobs: 2, format: "none"}, nil, &streams{Out: io.Discard, Err: &errb})
			require.NotNil(t, r, "usage error %d: %s", code, errb.String())
			tt.change(&r.do)
			rs := r.score([]string{old}, []string{newer, cjk})
			require.Len(t, rs, 2)
			tt.check(t, r, rs[0][0])
			require.NotNil(t, rs[1][0], "the other workbooks are read")
			assert.False(t, rs[1][0].Issues.Has(scoring.CodeOutputFailed))
			require.NotNil(t, rs[1][1])
			var glyph []string
			for _, is := range rs[1][1].Issues {
				if is.Code == scoring.CodeGlyphMissing {
					glyph = append(glyph, is.Sheet+"!"+is.Cell)
				}
			}
			assert.Equal(t, []string{"Cover!B5"}, glyph, "the service the PDFs cannot draw")
			assert.False(t, strings.Contains(errb.String(), "panic"), errb.String())
		})
	}
}

// TestCompareUnreadableListsOnlyWhy: diff and reconcile list a file that
// cannot be read with why, once, and not with its warnings (here the
// glyph of its name the PDFs cannot draw, and an open Excel lock file).
func TestCompareUnreadableListsOnlyWhy(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk𝔘.xlsx")
	require.NoError(t, os.WriteFile(junk, []byte("not a workbook"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "~$junk𝔘.xlsx"), []byte("lock"), 0o644))
	var errb bytes.Buffer
	r, code := newCompareRun("diff", compareOptions{jobs: 2, format: "none"}, nil, &streams{Out: io.Discard, Err: &errb})
	require.NotNil(t, r, "usage error %d: %s", code, errb.String())
	rs := r.score([]string{junk}, []string{historySample})
	assert.Nil(t, rs[0][0])
	require.Len(t, r.unreadable, 1, "%q", r.unreadable)
	assert.Contains(t, r.unreadable[0], "junk𝔘.xlsx: ")
}
