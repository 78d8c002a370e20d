package main

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook"
)

func TestDocDate(t *testing.T) {
	fixed := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		fixed *time.Time
		date  string // Summary.Date
		want  time.Time
	}{
		{"--date wins", &fixed, "2026-03-15", fixed},
		{"the assessment date", nil, "2026-03-15", time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)},
		{"none: not dated", nil, "", time.Time{}},
		{"a year documents cannot carry: not dated", nil, "1850-01-01", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, docDate(tt.fixed, &scoring.Summary{Date: tt.date}))
		})
	}
}

// TestNotDated: with no date in any input and none given, nothing is
// dated: no invented date in any output, the workbooks carry none.
func TestNotDated(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "")
	dir := t.TempDir()
	hostileWorkbook(t, dir, "undated", func(f *excelize.File) {
		require.NoError(t, f.SetCellStr(workbook.CoverSheet, "B7", ""))
	})
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCmd(t, "score", dir, "-o", out, "-q", "--outputs", "json,summary,annotated")
	require.Equal(t, exitOK, code, stderr)
	created := func(path string) string {
		f, err := excelize.OpenFile(path)
		require.NoError(t, err)
		defer f.Close()
		props, err := f.GetDocProps()
		require.NoError(t, err)
		return props.Created
	}
	assert.Empty(t, created(filepath.Join(out, "summary.xlsx")))
	// The annotated copy keeps the input's own properties: sovscore
	// stamps nothing.
	assert.Equal(t, created(filepath.Join(dir, "undated.xlsx")), created(filepath.Join(out, "annotated", "undated.xlsx")))
	var doc struct {
		Providers []struct {
			Date string `json:"date"`
		} `json:"providers"`
	}
	require.NoError(t, json.Unmarshal(mustRead(t, filepath.Join(out, "results.json")), &doc))
	require.Len(t, doc.Providers, 1)
	assert.Empty(t, doc.Providers[0].Date)
}

// TestExcelDateStamped: an Excel date on the cover dates the documents.
func TestExcelDateStamped(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "")
	dir := t.TempDir()
	hostileWorkbook(t, dir, "dated", func(f *excelize.File) {
		require.NoError(t, f.SetCellFloat(workbook.CoverSheet, "B7", 46096, -1, 64)) // 2026-03-15
		st, err := f.NewStyle(&excelize.Style{NumFmt: 14})
		require.NoError(t, err)
		require.NoError(t, f.SetCellStyle(workbook.CoverSheet, "B7", "B7", st))
	})
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCmd(t, "score", dir, "-o", out, "-q", "--outputs", "json,summary")
	require.Equal(t, exitOK, code, stderr)
	f, err := excelize.OpenFile(filepath.Join(out, "summary.xlsx"))
	require.NoError(t, err)
	defer f.Close()
	props, err := f.GetDocProps()
	require.NoError(t, err)
	assert.Equal(t, "2026-03-15T00:00:00Z", props.Created)
	assert.Contains(t, string(mustRead(t, filepath.Join(out, "results.json"))), `"date": "2026-03-15"`)
}
