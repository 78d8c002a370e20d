package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/workbook"
)

// TestPublishedScoresAgree: every output prints the same published score
// (2 decimals) and rank; two providers with equal published scores share
// a rank everywhere (no tie-break in the built-in profiles).
func TestPublishedScoresAgree(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"Twin A", "Twin B"} {
		hostileWorkbook(t, dir, strings.ToLower(strings.ReplaceAll(name, " ", "-")), func(f *excelize.File) {
			rows, err := f.GetRows(workbook.CoverSheet)
			require.NoError(t, err)
			for i, r := range rows {
				if len(r) > 0 && r[0] == "Provider" {
					require.NoError(t, f.SetCellStr(workbook.CoverSheet, fmt.Sprintf("B%d", i+1), name))
				}
			}
		})
	}
	out := filepath.Join(t.TempDir(), "out")
	code, table, stderr := runCmd(t, "score", dir, "-o", out, "-q", "--outputs", "json,csv,summary", "-j", "2")
	require.Equal(t, exitOK, code, stderr)
	_, md, stderr := runCmd(t, "score", dir, "-q", "--format", "markdown", "--outputs", "")
	require.NotEmpty(t, md, stderr)

	type seen struct{ score, rank string }
	got := map[string]map[string]seen{} // output -> provider -> score, rank

	var doc struct {
		Providers []struct {
			Provider string  `json:"provider"`
			Score    float64 `json:"score"`
			Rank     int     `json:"rank"`
		} `json:"providers"`
	}
	require.NoError(t, json.Unmarshal(mustRead(t, filepath.Join(out, "results.json")), &doc))
	got["results.json"] = map[string]seen{}
	for _, p := range doc.Providers {
		got["results.json"][p.Provider] = seen{fmt.Sprintf("%.2f", p.Score), fmt.Sprint(p.Rank)}
	}

	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(mustRead(t, filepath.Join(out, "providers.csv"))), "\uFEFF"))).ReadAll()
	require.NoError(t, err)
	got["providers.csv"] = map[string]seen{}
	for _, r := range rows[1:] {
		got["providers.csv"][r[2]] = seen{r[5], r[8]}
	}

	got["table"] = map[string]seen{}
	line := regexp.MustCompile(`(?m)^(\d+)\s+(Twin [AB])\s+(\d+\.\d\d)\s`)
	for _, m := range line.FindAllStringSubmatch(table, -1) {
		got["table"][m[2]] = seen{m[3], m[1]}
	}

	f, err := excelize.OpenFile(filepath.Join(out, "summary.xlsx"))
	require.NoError(t, err)
	defer f.Close()
	ranking, err := f.GetRows(workbook.RankingSheet)
	require.NoError(t, err)
	got["summary.xlsx"] = map[string]seen{}
	for _, r := range ranking[2:] {
		got["summary.xlsx"][r[1]] = seen{r[3], r[0]}
	}

	got["markdown"] = map[string]seen{}
	mdLine := regexp.MustCompile(`## (Twin [AB])\n\nScore (\d+\.\d\d) % · .* · eligible, rank (\d+)\.`)
	for _, m := range mdLine.FindAllStringSubmatch(md, -1) {
		got["markdown"][m[1]] = seen{m[2], m[3]}
	}

	want := got["results.json"]
	require.Len(t, want, 2)
	assert.Equal(t, want["Twin A"], want["Twin B"], "equal published scores share a rank")
	assert.Equal(t, "1", want["Twin A"].rank)
	for name, g := range got {
		assert.Equal(t, want, g, name)
	}
}
