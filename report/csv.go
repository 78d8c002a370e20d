package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// CSV conventions shared by results.csv and providers.csv:
//   - a header row first, then one record per row, "\n" line ends;
//   - an empty cell means "none": no answer (option), no SEAL (-1),
//     no rank (not eligible). An empty cell cannot be mistaken for a level
//     in a spreadsheet sum or filter, where -1 or 0 could;
//   - numbers are written by this package and never neutralised, text that
//     may come from a workbook (names, answers, sources, file names) always
//     is, see NeutralizeCell.

// BOM is the UTF-8 byte-order mark that starts the CSV files sovscore
// writes: without it Excel reads a CSV file in the computer's legacy code
// page, and "Société" shows as "SociÃ©tÃ©". What is printed on standard
// output gets none, since programs reading it do not expect one.
const BOM = "\uFEFF"

// NeutralizeCell defuses spreadsheet formula injection (OWASP "CSV
// Injection"): a cell whose first character is = + - @, a tab or a carriage
// return, or the full-width forms of = + - @ that some spreadsheets also
// accept, gets a leading single quote so that it is shown as text and never
// evaluated. Other text is returned unchanged. Workbook writers use the same
// rule for cells that hold assessor text.
func NeutralizeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	for _, p := range []string{"＝", "＋", "－", "＠"} {
		if strings.HasPrefix(s, p) {
			return "'" + s
		}
	}
	return s
}

// factorsHeader is the header row of results.csv.
var factorsHeader = []string{
	"file", "provider", "objective", "factor_id", "factor", "option", "answer", "points", "max",
	"seal", "confidence", "sources", "errors", "warnings", "issues",
}

// WriteFactorsCSV writes results.csv: one row per provider and factor, in
// the order of results and of the framework. answer is the chosen answer's
// numbered label, sources are separated by a space, issues are the issue
// codes of the factor separated by ";" (one per issue, so their number
// matches errors + warnings), including those the reader reported for the
// factor, such as a missing row.
func WriteFactorsCSV(w io.Writer, results []*scoring.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(factorsHeader); err != nil {
		return csvErr("results.csv", err)
	}
	for _, r := range results {
		file, provider := NeutralizeCell(r.File), NeutralizeCell(r.ProviderName())
		for _, f := range r.Factors {
			answer := ""
			if a, ok := f.Answer(); ok {
				answer = a.Display()
			}
			issues := f.Issues
			codes := make([]string, len(issues))
			for i, is := range issues {
				codes[i] = is.Code
			}
			rec := []string{
				file, provider, f.Factor.Objective.ID, f.Factor.ID, NeutralizeCell(f.Factor.Name),
				optional(f.Option, 0), NeutralizeCell(answer), f.Points.String(), f.Max.String(),
				optional(f.SEAL, -1), NeutralizeCell(f.Confidence),
				NeutralizeCell(strings.Join(f.Sources, " ")),
				strconv.Itoa(issues.Errors()), strconv.Itoa(issues.Warnings()),
				NeutralizeCell(strings.Join(codes, ";")),
			}
			if err := cw.Write(rec); err != nil {
				return csvErr("results.csv", err)
			}
		}
	}
	cw.Flush()
	return csvErr("results.csv", cw.Error())
}

// providersHeader returns the header row of providers.csv for a
// framework: the objective columns follow its objectives.
func providersHeader(fw *scoring.Framework) []string {
	h := []string{"file", "sha256", "provider", "service", "complete", "score", "seal", "eligible", "rank", "reasons"}
	for _, o := range fw.Objectives {
		h = append(h, o.ID+"_ratio", o.ID+"_seal")
	}
	return append(h, "errors", "warnings")
}

// WriteProvidersCSV writes providers.csv: one row per provider in the order
// given. score has 2 decimals, ratios 4; reasons are the ineligibility
// reason codes separated by ";", a SEAL reason followed by its objective
// ("seal-below-minimum:SOV-3"). The objective columns follow the framework
// of the first result (the embedded framework when there is none).
func WriteProvidersCSV(w io.Writer, results []*scoring.Summary) error {
	fw := scoring.Default()
	if len(results) > 0 && results[0].Framework != nil {
		fw = results[0].Framework
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(providersHeader(fw)); err != nil {
		return csvErr("providers.csv", err)
	}
	for _, r := range results {
		reasons := make([]string, len(r.Reasons))
		for i, rs := range r.Reasons {
			reasons[i] = rs.Code
			if rs.Objective != "" {
				reasons[i] += ":" + rs.Objective
			}
		}
		rank := r.Rank
		if !r.Eligible {
			rank = 0
		}
		rec := []string{
			NeutralizeCell(r.File), NeutralizeCell(r.SHA256), NeutralizeCell(r.ProviderName()),
			NeutralizeCell(scoring.Normalize(r.Provider.Service.Text)),
			strconv.FormatBool(r.Complete), decimal(r.Score, 2),
			optional(r.SEAL, -1), strconv.FormatBool(r.Eligible), optional(rank, 0),
			NeutralizeCell(strings.Join(reasons, ";")),
		}
		for _, o := range fw.Objectives {
			ratio, seal := "", ""
			if or, ok := r.Objective(o.ID); ok {
				ratio, seal = decimal(or.Ratio, 4), optional(or.SEAL, -1)
			}
			rec = append(rec, ratio, seal)
		}
		rec = append(rec, strconv.Itoa(r.Issues.Errors()), strconv.Itoa(r.Issues.Warnings()))
		if err := cw.Write(rec); err != nil {
			return csvErr("providers.csv", err)
		}
	}
	cw.Flush()
	return csvErr("providers.csv", cw.Error())
}

// optional formats n, or "" when n is the value that means "none".
func optional(n, none int) string {
	if n == none {
		return ""
	}
	return strconv.Itoa(n)
}

// decimal formats x rounded as in results.json, so both files agree to the
// last digit.
func decimal(x float64, decimals int) string {
	return strconv.FormatFloat(round(x, decimals), 'f', decimals, 64)
}

func csvErr(name string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("report: %s: %w", name, err)
}
