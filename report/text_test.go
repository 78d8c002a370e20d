package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var testRun = RunInfo{ToolName: "sovscore", ToolVersion: "v0.0.0-test"}

// fixtureEntry describes one factor row of a fixture assessment.
type fixtureEntry struct {
	answer, confidence, justification, sources string
	formula                                    bool
}

// fixtureAssessment builds an assessment as a workbook reader would: every
// factor of the framework gets a row from entry, with cell locations on the
// objective's sheet (answer in D, confidence E, justification F, sources G).
// entry returns false to leave the row out entirely.
func fixtureAssessment(fw *scoring.Framework, name, service string,
	entry func(i int, f *scoring.Factor) (fixtureEntry, bool)) *scoring.Assessment {
	file := strings.ToLower(strings.NewReplacer(" ", "-", "|", "", "=", "", "\"", "", "(", "", ")", "").Replace(name)) + ".xlsx"
	sum := sha256.Sum256([]byte(name))
	cover := func(row int, text string) scoring.Field {
		return scoring.Field{Text: text, Loc: scoring.Location{Sheet: "Cover", Cell: fmt.Sprintf("B%d", row)}}
	}
	a := &scoring.Assessment{
		File: "in/" + file, SHA256: hex.EncodeToString(sum[:]),
		Provider: scoring.ProviderInfo{
			Name: cover(2, name), Service: cover(3, service), Assessor: cover(4, "J. Tester"),
			Date: cover(5, "2026-11-02"), FrameworkVersion: cover(6, fw.Version),
		},
	}
	for i, f := range fw.Factors() {
		e, ok := entry(i, f)
		if !ok {
			continue
		}
		row := 2
		for j, g := range f.Objective.Factors {
			if g == f {
				row = j + 2
			}
		}
		at := func(col string) scoring.Location {
			return scoring.Location{Sheet: f.Objective.ID, Cell: fmt.Sprintf("%s%d", col, row)}
		}
		a.Factors = append(a.Factors, scoring.FactorEntry{
			ID: f.ID, Row: at("A"),
			Answer:        scoring.EntryCell{Text: e.answer, Row: int32(row), Col: 4, Formula: e.formula},
			Confidence:    scoring.EntryCell{Text: e.confidence, Row: int32(row), Col: 5},
			Justification: scoring.EntryCell{Text: e.justification, Row: int32(row), Col: 6},
			Sources:       scoring.EntryCell{Text: e.sources, Row: int32(row), Col: 7},
		})
	}
	return a
}

var confidences = []string{"high", "medium", "low"}

// answered fills a factor with answer number n (as "n. label"), a cycling
// confidence and a justification citing a source.
func answered(slug string, i int, f *scoring.Factor, n int) fixtureEntry {
	a, _ := f.Answer(n)
	id := strings.ToLower(strings.ReplaceAll(f.ID, ".", "-"))
	e := fixtureEntry{
		answer:        a.Display(),
		confidence:    confidences[i%3],
		justification: fmt.Sprintf("Assessed from the provider's documentation -> opt%d (src: https://x.example/%s/%s).", n, slug, id),
	}
	if i%4 == 0 {
		e.sources = fmt.Sprintf("https://x.example/%s/contract.pdf; https://x.example/%s/%s/annex", slug, slug, id)
	}
	return e
}

// tenderProfile is the default weights with a minimum SEAL-3 on SOV-3, so
// that one fixture provider is rejected on SEAL.
func tenderProfile(t *testing.T, fw *scoring.Framework) *scoring.Profile {
	t.Helper()
	p, err := fw.ParseProfile([]byte(`name: tender-2026-17
description: Framework weights; data sovereignty at least SEAL-3.
base: eucsf-1.2.1
min_seal:
  SOV-3: 3
`), false)
	require.NoError(t, err)
	return p
}

// fixtureResults evaluates four providers in input order:
//   - Nordlicht Cloud: complete, best answers or second-best ones that
//     keep SEAL-3: eligible, ranked first;
//   - Helios Data | Ops: unanswered, invalid, ambiguous and missing rows,
//     a bad confidence, markup and a pipe in the text: incomplete;
//   - Ostsee Compute: complete but SOV-3 below the tender's SEAL-3;
//   - Alpen Cloud: complete, the cheapest answers that reach SEAL-3:
//     eligible, ranked second.
func fixtureResults(t *testing.T) (*scoring.Framework, *scoring.Profile, []*scoring.Result) {
	t.Helper()
	fw := scoring.Default()
	p := tenderProfile(t, fw)

	nordlicht := fixtureAssessment(fw, "Nordlicht Cloud", "Managed Kubernetes (EU regions)",
		func(i int, f *scoring.Factor) (fixtureEntry, bool) {
			n := len(f.Answers)
			if a, _ := f.Answer(n - 1); i%2 == 1 && a.SEAL >= 3 {
				n--
			}
			return answered("nordlicht", i, f, n), true
		})

	helios := fixtureAssessment(fw, "Helios Data | Ops", "Object storage",
		func(i int, f *scoring.Factor) (fixtureEntry, bool) {
			e := answered("helios", i, f, len(f.Answers)-1)
			switch f.ID {
			case "SOV-1.2":
				e = fixtureEntry{}
			case "SOV-2.1":
				e.confidence = "quite sure"
			case "SOV-3.4":
				e.answer = "9"
			case "SOV-4.1":
				e.justification = "Export via API | CLI;\nsee <script>alert(1)</script> notes -> opt4"
			case "SOV-5.1":
				e.sources = "http://x.example/helios/plain"
			case "SOV-6.1":
				a, _ := f.Answer(3)
				e.answer = a.Text()
				e.justification = "Label only -> opt3"
			case "SOV-7.1":
				e.formula = true
			case "SOV-8.2":
				return e, false
			case "SOV-8.3":
				e.answer = "Detailed EU methodology"
			}
			return e, true
		})
	helios.Issues = append(helios.Issues, scoring.Issue{Severity: scoring.Error, Code: scoring.CodeFactorMissing,
		Sheet: "SOV-8", Factor: "SOV-8.2", Message: "no row for SOV-8.2: restore the row from the template"})

	ostsee := fixtureAssessment(fw, "Ostsee Compute", "IaaS",
		func(i int, f *scoring.Factor) (fixtureEntry, bool) {
			n := len(f.Answers)
			if f.Objective.ID == "SOV-3" {
				n = 2
			}
			return answered("ostsee", i, f, n), true
		})

	alpen := fixtureAssessment(fw, "Alpen Cloud", "",
		func(i int, f *scoring.Factor) (fixtureEntry, bool) {
			// The cheapest answer that still reaches SEAL-3.
			n := len(f.Answers)
			for _, a := range f.Answers {
				if a.SEAL >= 3 {
					n = a.Number
					break
				}
			}
			return answered("alpen", i, f, n), true
		})

	var results []*scoring.Result
	for _, a := range []*scoring.Assessment{nordlicht, helios, ostsee, alpen} {
		results = append(results, scoring.Evaluate(fw, a, p))
	}
	scoring.Rank(scoring.Summaries(results))
	return fw, p, results
}

func TestFixtureResults(t *testing.T) {
	_, _, rs := fixtureResults(t)
	require.Len(t, rs, 4)
	type want struct {
		complete, eligible bool
		rank               int
	}
	for i, w := range []want{{true, true, 1}, {false, false, 0}, {true, false, 0}, {true, true, 2}} {
		assert.Equal(t, w.complete, rs[i].Complete, rs[i].ProviderName())
		assert.Equal(t, w.eligible, rs[i].Eligible, rs[i].ProviderName())
		assert.Equal(t, w.rank, rs[i].Rank, rs[i].ProviderName())
	}
}

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./report/ -update to create it")
	// Compared as strings so that testify prints a readable diff.
	assert.Equal(t, string(want), string(got), "%s differs; run go test ./report/ -update if the change is intended", path)
}

func TestMachineOutputsGolden(t *testing.T) {
	tests := []struct {
		golden string
		write  func(io.Writer, *scoring.Framework, *scoring.Profile, []*scoring.Result) error
	}{
		{"results.json.golden", func(w io.Writer, fw *scoring.Framework, p *scoring.Profile, rs []*scoring.Result) error {
			return WriteJSON(w, testRun, fw, p, rs)
		}},
		{"results.csv.golden", func(w io.Writer, _ *scoring.Framework, _ *scoring.Profile, rs []*scoring.Result) error {
			return WriteFactorsCSV(w, rs)
		}},
		{"providers.csv.golden", func(w io.Writer, _ *scoring.Framework, _ *scoring.Profile, rs []*scoring.Result) error {
			return WriteProvidersCSV(w, scoring.Summaries(rs))
		}},
		{"results.md.golden", func(w io.Writer, _ *scoring.Framework, _ *scoring.Profile, rs []*scoring.Result) error {
			return WriteMarkdown(w, rs)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			fw, p, rs := fixtureResults(t)
			var first, second bytes.Buffer
			require.NoError(t, tt.write(&first, fw, p, rs))
			checkGolden(t, tt.golden, first.Bytes())

			// Byte-identical on a fresh evaluation of the same input.
			fw, p, rs = fixtureResults(t)
			require.NoError(t, tt.write(&second, fw, p, rs))
			assert.Equal(t, first.String(), second.String())
			assert.True(t, strings.HasSuffix(first.String(), "\n"), "trailing newline")
		})
	}
}

func TestJSONContract(t *testing.T) {
	fw, p, rs := fixtureResults(t)
	var buf bytes.Buffer
	require.NoError(t, WriteJSON(&buf, testRun, fw, p, rs))

	var doc map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	assert.Equal(t, map[string]any{"name": "sovscore", "version": "v0.0.0-test"}, doc["tool"])
	assert.Equal(t, map[string]any{"name": fw.Name, "version": fw.Version}, doc["framework"])

	prof := doc["profile"].(map[string]any)
	assert.Equal(t, "tender-2026-17", prof["name"])
	assert.Equal(t, "exact", prof["divisor"])
	assert.Equal(t, 0.15, prof["weights"].(map[string]any)["SOV-1"])
	assert.Equal(t, 3.0, prof["min_seal"].(map[string]any)["SOV-3"])
	// Objective keys in framework order, 2-space indent.
	assert.Regexp(t, `(?s)"weights": \{\n      "SOV-1": 0.15,\n      "SOV-2": 0.1,.*"SOV-8": 0.05\n    \}`, buf.String())
	assert.Equal(t, map[string]any{"providers": 4.0, "eligible": 2.0,
		"errors": float64(rs[1].Issues.Errors()), "warnings": float64(countWarnings(rs))}, doc["summary"])

	provs := doc["providers"].([]any)
	require.Len(t, provs, 4)
	twoDecimals := regexp.MustCompile(`^-?\d+(\.\d{1,2})?$`)
	for i, x := range provs {
		pv := x.(map[string]any)
		r := rs[i]
		for _, k := range []string{"file", "sha256", "provider", "complete", "score", "seal", "eligible", "rank", "objectives", "factors", "issues", "reasons"} {
			assert.Contains(t, pv, k)
		}
		assert.Equal(t, r.File, pv["file"])
		assert.Equal(t, r.SHA256, pv["sha256"])
		assert.Equal(t, r.ProviderName(), pv["provider"])
		assert.Regexp(t, twoDecimals, fmt.Sprint(pv["score"]))
		assert.Equal(t, float64(r.Rank), pv["rank"])
		assert.NotNil(t, pv["issues"])
		assert.NotNil(t, pv["reasons"])

		objs := pv["objectives"].([]any)
		require.Len(t, objs, 8)
		o1 := objs[0].(map[string]any)
		for _, k := range []string{"id", "name", "points", "max", "ratio", "weight", "seal"} {
			assert.Contains(t, o1, k)
		}
		assert.Equal(t, "SOV-1", o1["id"])
		assert.Equal(t, 1000.03, o1["max"])

		facs := pv["factors"].([]any)
		require.Len(t, facs, 48)
		for j, y := range facs {
			f := y.(map[string]any)
			fr := r.Factors[j]
			assert.Equal(t, fr.Factor.ID, f["id"])
			assert.Equal(t, float64(fr.Option), f["option"])
			assert.Equal(t, float64(fr.SEAL), f["seal"])
			assert.Equal(t, fr.Confidence, f["confidence"])
			assert.IsType(t, []any{}, f["sources"], "%s sources never null", fr.Factor.ID)
			assert.IsType(t, []any{}, f["issues"], "%s issues never null", fr.Factor.ID)
		}
	}

	// Helios: an unanswered factor has option 0, seal -1, no answer.
	helios := provs[1].(map[string]any)
	assert.Equal(t, false, helios["complete"])
	assert.Equal(t, true, helios["seal_provisional"])
	f12 := helios["factors"].([]any)[1].(map[string]any)
	assert.Equal(t, "SOV-1.2", f12["id"])
	assert.Equal(t, 0.0, f12["option"])
	assert.Equal(t, -1.0, f12["seal"])
	assert.Equal(t, "", f12["answer"])
	assert.Equal(t, []any{}, f12["sources"])

	// Ostsee: the SEAL reason carries objective, required and achieved.
	ostsee := provs[2].(map[string]any)
	// (And, since issue #14, the factors that set the objective's SEAL.)
	assert.Equal(t, []any{map[string]any{"code": "seal-below-minimum", "objective": "SOV-3",
		"required": 3.0, "achieved": float64(rs[2].Reasons[0].Achieved), "factors": []any{"SOV-3.4"}, "message": rs[2].Reasons[0].Message}},
		ostsee["reasons"])
	assert.Equal(t, 0.0, ostsee["rank"])
	assert.NotContains(t, buf.String(), `\u003e`, "no HTML escaping of ->")
}

func countWarnings(rs []*scoring.Result) int {
	n := 0
	for _, r := range rs {
		n += r.Issues.Warnings()
	}
	return n
}

func TestJSONDefaultsFromResults(t *testing.T) {
	fw, p, rs := fixtureResults(t)
	tests := []struct {
		name    string
		results []*scoring.Result
		want    string
	}{
		{"taken from the first result", rs[:1], `"name": "tender-2026-17"`},
		{"no results", nil, `"profile": null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var nilFW, explicit bytes.Buffer
			require.NoError(t, WriteJSON(&nilFW, testRun, nil, nil, tt.results))
			assert.Contains(t, nilFW.String(), tt.want)
			assert.Contains(t, nilFW.String(), `"providers": [`)
			if len(tt.results) > 0 {
				require.NoError(t, WriteJSON(&explicit, testRun, fw, p, tt.results))
				assert.Equal(t, explicit.String(), nilFW.String())
			}
		})
	}
}

func TestNeutralizeCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"SOV-1", "SOV-1"},
		{"Scalingo", "Scalingo"},
		{"4. Unlikely takeover", "4. Unlikely takeover"},
		{"https://x.example/a", "https://x.example/a"},
		{" =x", " =x"},
		{"-1+1", "'-1+1"},
		{"+33", "'+33"},
		{"@x", "'@x"},
		{"=x", "'=x"},
		{"\t=x", "'\t=x"},
		{"\r=x", "'\r=x"},
		{"＝1+1", "'＝1+1"},
		{"'=x", "'=x"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.in), func(t *testing.T) {
			assert.Equal(t, tt.want, NeutralizeCell(tt.in))
		})
	}
}

func TestCSVInjection(t *testing.T) {
	fw := scoring.Default()
	p, err := fw.Profile(fw.DefaultProfile)
	require.NoError(t, err)
	a := fixtureAssessment(fw, `=HYPERLINK("https://evil.example","x")`, "+33 1 23 45 67 89",
		func(i int, f *scoring.Factor) (fixtureEntry, bool) {
			return answered("evil", i, f, 1), true
		})
	a.File = "-evil.xlsx"
	r := scoring.Evaluate(fw, a, p)
	// Scoring refuses a source that is not an http(s) URL, so "@SUM(1)"
	// cannot reach a Result through Evaluate; the writers must still
	// neutralise whatever a Result holds.
	r.Factors[0].Sources = []string{"@SUM(1)", "https://x.example/ok"}
	rs := []*scoring.Result{r}
	scoring.Rank(scoring.Summaries(rs))

	tests := []struct {
		name  string
		write func(io.Writer, []*scoring.Result) error
		cells map[string]string // column -> want, on the first data row
	}{
		{"results.csv", WriteFactorsCSV, map[string]string{
			"file":     "'-evil.xlsx",
			"provider": `'=HYPERLINK("https://evil.example","x")`,
			"sources":  "'@SUM(1) https://x.example/ok",
			"seal":     "1",
		}},
		{"providers.csv", func(w io.Writer, rs []*scoring.Result) error {
			return WriteProvidersCSV(w, scoring.Summaries(rs))
		}, map[string]string{
			"file":     "'-evil.xlsx",
			"provider": `'=HYPERLINK("https://evil.example","x")`,
			"service":  "'+33 1 23 45 67 89",
			"rank":     "1",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, tt.write(&buf, rs))
			rows, err := csv.NewReader(&buf).ReadAll()
			require.NoError(t, err)
			require.GreaterOrEqual(t, len(rows), 2)
			for col, want := range tt.cells {
				i := indexOf(rows[0], col)
				require.GreaterOrEqual(t, i, 0, col)
				assert.Equal(t, want, rows[1][i], col)
			}
			for _, row := range rows {
				for _, cell := range row {
					if cell != "" {
						assert.NotContains(t, "=+-@\t\r", cell[:1], "cell %q", cell)
					}
				}
			}
		})
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func TestCSVShape(t *testing.T) {
	_, _, rs := fixtureResults(t)
	tests := []struct {
		name   string
		write  func(io.Writer, []*scoring.Result) error
		rows   int
		header []string
	}{
		{"results.csv", WriteFactorsCSV, 1 + 4*48, []string{"file", "provider", "objective", "factor_id", "factor",
			"option", "answer", "points", "max", "seal", "confidence", "sources", "errors", "warnings", "issues"}},
		{"providers.csv", func(w io.Writer, rs []*scoring.Result) error {
			return WriteProvidersCSV(w, scoring.Summaries(rs))
		}, 1 + 4, []string{"file", "sha256", "provider", "service", "complete",
			"score", "seal", "eligible", "rank", "reasons",
			"SOV-1_ratio", "SOV-1_seal", "SOV-2_ratio", "SOV-2_seal", "SOV-3_ratio", "SOV-3_seal", "SOV-4_ratio", "SOV-4_seal",
			"SOV-5_ratio", "SOV-5_seal", "SOV-6_ratio", "SOV-6_seal", "SOV-7_ratio", "SOV-7_seal", "SOV-8_ratio", "SOV-8_seal",
			"errors", "warnings"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, tt.write(&buf, rs))
			assert.NotContains(t, buf.String(), "\r\n")
			rows, err := csv.NewReader(&buf).ReadAll()
			require.NoError(t, err)
			assert.Len(t, rows, tt.rows)
			assert.Equal(t, tt.header, rows[0])
		})
	}

	var buf bytes.Buffer
	require.NoError(t, WriteFactorsCSV(&buf, rs))
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	// Helios SOV-1.2 is unanswered: option and SEAL are empty, not 0 / -1.
	row := rows[1+48+1]
	assert.Equal(t, []string{"SOV-1.2", "", "", "0.00", "125.00", ""},
		[]string{row[3], row[5], row[6], row[7], row[8], row[9]})
}

// failWriter fails after n bytes, to check that write errors surface.
type failWriter struct{ n int }

var errFull = errors.New("disk full")

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errFull
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWriteErrors(t *testing.T) {
	fw, p, rs := fixtureResults(t)
	tests := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"json", func(w io.Writer) error { return WriteJSON(w, testRun, fw, p, rs) }},
		{"results.csv", func(w io.Writer) error { return WriteFactorsCSV(w, rs) }},
		{"providers.csv", func(w io.Writer) error { return WriteProvidersCSV(w, scoring.Summaries(rs)) }},
		{"markdown", func(w io.Writer) error { return WriteMarkdown(w, rs) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, n := range []int{0, 100} {
				assert.ErrorIs(t, tt.write(&failWriter{n: n}), errFull)
			}
		})
	}
}

// mdRows returns the cells of the table rows of a Markdown text whose first
// cell starts with prefix, split on unescaped "|" and trimmed.
func mdRows(text, prefix string) [][]string {
	var out [][]string
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "| "+prefix) {
			continue
		}
		line = strings.TrimPrefix(strings.TrimSpace(line), "|")
		if strings.HasSuffix(line, "|") && !strings.HasSuffix(line, `\|`) {
			line = line[:len(line)-1]
		}
		out = append(out, splitUnescaped(line))
	}
	return out
}

func splitUnescaped(s string) []string {
	var cells []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '|':
			cells = append(cells, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	return append(cells, strings.TrimSpace(s[start:]))
}

func TestMarkdownTables(t *testing.T) {
	_, _, rs := fixtureResults(t)
	var buf bytes.Buffer
	require.NoError(t, WriteMarkdown(&buf, rs))
	md := buf.String()

	factorRows := mdRows(md, "SOV-")
	var n int
	for _, cells := range factorRows {
		if strings.Contains(cells[0], ".") {
			n++
			assert.Len(t, cells, 7, "factor row %v", cells)
		} else {
			assert.Len(t, cells, 3, "objective row %v", cells)
		}
	}
	assert.Equal(t, 4*48, n, "every factor is printed, even Helios' missing SOV-8.2 row")

	tests := []struct{ name, want string }{
		{"heading keeps the name", "\n## Helios Data | Ops\n"},
		{"newline folded, pipe escaped, tag defused", `Export via API \| CLI; see &lt;script>alert(1)&lt;/script> notes -> opt4`},
		{"unanswered factor", "| SOV-1.2 | Change of control risk |  | 0/125 | — |  |  |"},
		{"provisional objective SEAL", "| SOV-1 Strategic Sovereignty | SEAL-"},
		{"footnote", "\n\\* Provisional: 4 of 48 factors have no usable answer."},
		{"SEAL below minimum", "| SOV-3 Data & AI Sovereignty | SEAL-0 | below the required SEAL-3 |"},
		{"eligible line", "Score "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Contains(t, md, tt.want)
		})
	}
	assert.Equal(t, 1, strings.Count(md, "\\* Provisional"), "footnote only for the incomplete provider")
}

// seedPath is the framework's sample assessment in Markdown table form.
const seedPath = "../testdata/seed-assessment-scalingo.md"

// TestMarkdownReproducesSeed scores the sample's answers and checks that
// WriteMarkdown prints every factor row with the sample's ID, Score, SEAL
// and Conf. columns, and every objective with the sample's SEAL.
func TestMarkdownReproducesSeed(t *testing.T) {
	data, err := os.ReadFile(seedPath)
	require.NoError(t, err)
	seedRows := mdRows(string(data), "SOV-")

	fw := scoring.Default()
	a := &scoring.Assessment{File: "seed-assessment-scalingo.md",
		Provider: scoring.ProviderInfo{Name: scoring.Field{Text: "Scalingo"}}}
	seedFactors := map[string][]string{}
	seedObjectives := map[string][]string{}
	for _, cells := range seedRows {
		id, _, _ := strings.Cut(cells[0], " ")
		if !strings.Contains(id, ".") {
			seedObjectives[id] = cells
			continue
		}
		require.Len(t, cells, 7, "seed row %v", cells)
		seedFactors[id] = cells
		a.Factors = append(a.Factors, scoring.FactorEntry{ID: id,
			Answer:        scoring.EntryCell{Text: cells[2]},
			Confidence:    scoring.EntryCell{Text: cells[5]},
			Justification: scoring.EntryCell{Text: cells[6]}})
	}
	require.Len(t, seedFactors, 48)
	require.Len(t, seedObjectives, 8)

	tests := []struct{ profile, score string }{
		{"eucsf-1.2.1", "Score 74.86 %"},
		{"calculator-2026", "Score 77.10 %"},
	}
	for _, tt := range tests {
		t.Run(tt.profile, func(t *testing.T) {
			p, err := fw.Profile(tt.profile)
			require.NoError(t, err)
			r := scoring.Evaluate(fw, a, p)
			scoring.Rank([]*scoring.Summary{&r.Summary})
			var buf bytes.Buffer
			require.NoError(t, WriteMarkdown(&buf, []*scoring.Result{r}))
			md := buf.String()
			assert.Contains(t, md, tt.score+" · overall SEAL-3 · profile "+tt.profile+" · eligible, rank 1.")

			seen := 0
			for _, cells := range mdRows(md, "SOV-") {
				id, _, _ := strings.Cut(cells[0], " ")
				if !strings.Contains(id, ".") {
					want := seedObjectives[id]
					require.NotNil(t, want, id)
					assert.Equal(t, want[:2], cells[:2], "objective %s", id)
					continue
				}
				want := seedFactors[id]
				require.NotNil(t, want, id)
				seen++
				for _, col := range []struct {
					name string
					i    int
				}{{"ID", 0}, {"Score", 3}, {"SEAL", 4}, {"Conf.", 5}} {
					assert.Equal(t, want[col.i], cells[col.i], "%s %s", id, col.name)
				}
				// The assessor's text comes back as written.
				assert.Equal(t, want[2], cells[2], "%s Value", id)
				assert.Equal(t, want[6], cells[6], "%s Justification", id)
			}
			assert.Equal(t, 48, seen)
			assert.Contains(t, md, "| SOV-1.2 | Change of control risk | 4. Unlikely takeover/transfer to non-EU sovereign entity | 94/125 | SEAL-4 | medium |")
		})
	}
}
