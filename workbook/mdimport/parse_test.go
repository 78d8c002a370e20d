package mdimport

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook/cover"
)

// The package has no golden files; -update is accepted so that
// "go test ./... -update" runs here too.
var _ = flag.Bool("update", false, "no effect: this package has no golden files")

// seedPath is the framework's public sample assessment, copied verbatim
// into the module's testdata.
const seedPath = "../../testdata/seed-assessment-scalingo.md"

func parseFile(t testing.TB, path string) (*scoring.Assessment, error) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	return Parse(f, filepath.Base(path), scoring.Default())
}

func mustParse(t testing.TB, path string) *scoring.Assessment {
	t.Helper()
	a, err := parseFile(t, path)
	require.NoError(t, err)
	return a
}

func testdata(name string) string { return filepath.Join("testdata", name) }

// seedClaims reads the Score and SEAL columns the seed states for each
// factor, which Parse deliberately ignores.
func seedClaims(t *testing.T, path string) map[string][2]string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	out := map[string][2]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "|") {
			continue
		}
		cells := mdSplitRow(line)
		if len(cells) == 7 && mdFactorID.MatchString(cells[0]) {
			out[cells[0]] = [2]string{cells[3], cells[4]}
		}
	}
	return out
}

func TestParseMarkdownSeed(t *testing.T) {
	fw := scoring.Default()
	a := mustParse(t, seedPath)
	require.Len(t, a.Factors, 48)
	assert.Empty(t, a.Issues)
	assert.Empty(t, MissingFactors(fw, a))
	assert.Len(t, a.SHA256, 64)

	e, ok := a.Entry("SOV-1.2")
	require.True(t, ok)
	assert.Equal(t, "4. Unlikely takeover/transfer to non-EU sovereign entity", e.Answer.Text)
	assert.Equal(t, "medium", e.Confidence.Text)
	assert.Equal(t, scoring.Location{Sheet: "seed-assessment-scalingo.md", Cell: "line 12"}, e.Row)
	e, _ = a.Entry("SOV-1.1")
	assert.Contains(t, e.Justification.Text, "(src: https://scalingo.com/qualification-secnumcloud)")

	claims := seedClaims(t, seedPath)
	require.Len(t, claims, 48)
	def, err := fw.Profile(fw.DefaultProfile)
	require.NoError(t, err)
	r := scoring.Evaluate(fw, a, def)
	for _, f := range fw.Factors() {
		fr, ok := r.FactorResult(f.ID)
		require.True(t, ok, f.ID)
		assert.Equal(t, claims[f.ID][0], scoring.FormatFraction(fr.Points, fr.Max), "%s score", f.ID)
		assert.Equal(t, claims[f.ID][1], fmt.Sprintf("SEAL-%d", fr.SEAL), "%s SEAL", f.ID)
	}

	for _, tc := range []struct {
		profile string
		score   string
	}{
		{"eucsf-1.2.1", "74.86"},
		{"calculator-2026", "77.10"},
	} {
		t.Run(tc.profile, func(t *testing.T) {
			p, err := fw.Profile(tc.profile)
			require.NoError(t, err)
			r := scoring.Evaluate(fw, a, p)
			assert.Equal(t, tc.score, fmt.Sprintf("%.2f", r.Score))
			assert.Equal(t, 3, r.SEAL)
			assert.True(t, r.Complete)
			var seals []int
			for _, o := range r.Objectives {
				seals = append(seals, o.SEAL)
			}
			assert.Equal(t, []int{4, 4, 3, 3, 3, 3, 3, 3}, seals)
		})
	}
}

func TestParseMarkdownCells(t *testing.T) {
	a := mustParse(t, testdata("escaped.md"))
	assert.Empty(t, a.Issues)
	for _, tc := range []struct {
		id, answer, conf, just string
	}{
		{"SOV-1.1", "4. Entirely within the EU", "high", "Parent | subsidiary structure checked (src: https://escaped.example/a)."},
		{"SOV-1.2", "4", "medium", "Shareholder register `a|b` and `c|d` reviewed."},
		{"SOV-1.3", "3", "low", "First line\nsecond line\nthird line"},
		{"SOV-1.4", "5", "low", "A stray ` backtick and a \\* kept verbatim"},
		{"SOV-1.5", "5", "low", "no closing pipe"},
	} {
		t.Run(tc.id, func(t *testing.T) {
			e, ok := a.Entry(tc.id)
			require.True(t, ok)
			assert.Equal(t, tc.answer, e.Answer.Text)
			assert.Equal(t, tc.conf, e.Confidence.Text)
			assert.Equal(t, tc.just, e.Justification.Text)
			assert.Equal(t, scoring.Location{}, e.Loc(e.Answer))
		})
	}
	e, _ := a.Entry("SOV-1.1")
	assert.Equal(t, []string{"https://escaped.example/a"}, scoring.CitedSources(e.Justification.Text))
}

func TestMdSplitRow(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"| a | b |", []string{"a", "b"}},
		{"| a | b", []string{"a", "b"}},
		{"| a | |", []string{"a", ""}},
		{"|a|b|c|", []string{"a", "b", "c"}},
		{`| a \| b | c |`, []string{"a | b", "c"}},
		{`| a \\| b |`, []string{`a \\`, "b"}},
		{"| `x|y` | z |", []string{"`x|y`", "z"}},
		{"| `x\\|y` | z |", []string{"`x|y`", "z"}},
		{"| ``a`|`b`` | z |", []string{"``a`|`b``", "z"}},
		{"| ` | z |", []string{"`", "z"}},
		{"| a<br>b | c<br />d |", []string{"a\nb", "c\nd"}},
		{"|", nil},
		{`| trailing \`, []string{`trailing \`}},
	} {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, tc.want, mdSplitRow(tc.in))
		})
	}
}

func TestParseMarkdownMetadata(t *testing.T) {
	a := mustParse(t, testdata("metadata.md"))
	p := a.Provider
	for _, tc := range []struct {
		label string
		got   scoring.Field
		want  string
	}{
		{cover.Provider, p.Name, "Example Cloud SE"},
		{cover.Service, p.Service, "Managed Kubernetes"},
		{cover.Assessor, p.Assessor, "Jane Doe"},
		{cover.Date, p.Date, "2026-03-01"},
		{cover.Hosting, p.Hosting, "Example Metal GmbH"},
		{cover.HostingQualifications, p.HostingQualifications, "ISO/IEC 27001, C5"},
		{cover.FrameworkVersion, p.FrameworkVersion, "1.2.1"},
		{cover.Notes, p.Notes, "first line\nsecond line"},
	} {
		t.Run(tc.label, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.got.Text)
		})
	}
	// The tables in the comment and the code fence are not data.
	require.Len(t, a.Factors, 1)
	assert.Equal(t, "line 27", a.Factors[0].Row.Cell)
	assert.Empty(t, a.Issues)
}

func TestParseMarkdownIssues(t *testing.T) {
	type want struct {
		code, cell string
		sev        scoring.Severity
		msg        string
	}
	for _, tc := range []struct {
		file    string
		entries []string
		issues  []want
	}{
		{
			file:    "unknown-duplicate.md",
			entries: []string{"SOV-1.1", "SOV-1.2"},
			issues: []want{
				{scoring.CodeFactorUnknown, "line 6", scoring.Error, "SOV-1.9 is not a factor"},
				{scoring.CodeFactorDuplicate, "line 7", scoring.Error, "first on line 5"},
				{scoring.CodeFactorUnknown, "line 10", scoring.Error, `"Remark" is not a factor ID`},
				{scoring.CodeFactorUnknown, "line 12", scoring.Error, "no factor ID"},
			},
		},
		{
			file:    "ragged.md",
			entries: []string{"SOV-1.3"},
			issues: []want{
				{scoring.CodeCellUnreadable, "line 3", scoring.Error, "line 3 has 8 cells but the table header on line 1 has 7"},
				{scoring.CodeCellUnreadable, "line 4", scoring.Error, "line 4 has 6 cells"},
			},
		},
		{
			file:    "synonyms.md",
			entries: []string{"SOV-2.1", "SOV-2.2"},
			issues: []want{
				{scoring.CodeColumnMissing, "line 1", scoring.Warning, "no Justification column"},
			},
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			a := mustParse(t, testdata(tc.file))
			var ids []string
			for _, e := range a.Factors {
				ids = append(ids, e.ID)
			}
			assert.Equal(t, tc.entries, ids)
			require.Len(t, a.Issues, len(tc.issues), "%v", a.Issues)
			for i, w := range tc.issues {
				got := a.Issues[i]
				assert.Equal(t, w.code, got.Code, got.String())
				assert.Equal(t, tc.file, got.Sheet)
				assert.Equal(t, w.cell, got.Cell)
				assert.Equal(t, w.sev, got.Severity)
				assert.Contains(t, got.Message, w.msg)
			}
		})
	}
}

func TestParseMarkdownSynonyms(t *testing.T) {
	a := mustParse(t, testdata("synonyms.md"))
	e, ok := a.Entry("SOV-2.1")
	require.True(t, ok)
	assert.Equal(t, "Exclusively EU law", e.Answer.Text)
	assert.Equal(t, "High", e.Confidence.Text)
	assert.Equal(t, "https://synonyms.example/a; https://synonyms.example/b", e.Sources.Text)
	assert.Empty(t, e.Justification.Text)
	e, ok = a.Entry("SOV-2.2")
	require.True(t, ok)
	assert.Equal(t, "5", e.Answer.Text)
}

func TestParseMarkdownErrors(t *testing.T) {
	big := bytes.Repeat([]byte("x"), MaxBytes+1)
	for _, tc := range []struct {
		name    string
		input   func(t *testing.T) []byte
		read    bool // use a failing reader instead
		line    int
		noTable bool
		msg     string
	}{
		{name: "no-table.md", noTable: true, msg: "no-table.md: no factor table"},
		{name: "no-value-column.md", noTable: true, line: 1, msg: "no-value-column.md:1: no factor table: the factor table has no Value"},
		{name: "empty.md", input: func(*testing.T) []byte { return nil }, noTable: true},
		{name: "latin1.md", line: 2, msg: "not valid UTF-8",
			input: func(*testing.T) []byte { return []byte("| ID | Factor | Value |\n| SOV-1.1 | x | caf\xe9 |\n") }},
		{name: "big.md", input: func(*testing.T) []byte { return big }, msg: "larger than 8 MiB"},
		{name: "broken.md", read: true, msg: "broken.md: boom"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			switch {
			case tc.read:
				_, err = Parse(iotest.ErrReader(errors.New("boom")), tc.name, scoring.Default())
			case tc.input != nil:
				_, err = Parse(bytes.NewReader(tc.input(t)), tc.name, scoring.Default())
			default:
				_, err = parseFile(t, testdata(tc.name))
			}
			require.Error(t, err)
			var me *ParseError
			require.ErrorAs(t, err, &me)
			assert.Equal(t, tc.name, me.File)
			assert.Equal(t, tc.line, me.Line)
			assert.Equal(t, tc.noTable, errors.Is(err, ErrNoTable))
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

func TestParseMarkdownLineEndings(t *testing.T) {
	in := "\xef\xbb\xbfProvider: CRLF Cloud\r\n\r\n| ID | Factor | Value | Conf. | Justification |\r\n|---|---|---|---|---|\r\n| SOV-1.1 | x | 4 | high | y |\r\n"
	a, err := Parse(strings.NewReader(in), "crlf.md", scoring.Default())
	require.NoError(t, err)
	assert.Equal(t, "CRLF Cloud", a.Provider.Name.Text)
	require.Len(t, a.Factors, 1)
	assert.Equal(t, "y", a.Factors[0].Justification.Text)
	assert.Equal(t, "line 5", a.Factors[0].Row.Cell)
}

func TestMissingFactors(t *testing.T) {
	fw := scoring.Default()
	a := mustParse(t, testdata("unknown-duplicate.md"))
	missing := MissingFactors(fw, a)
	assert.Len(t, missing, 46)
	assert.Equal(t, "SOV-1.3", missing[0])
	assert.NotContains(t, missing, "SOV-1.1")
	assert.Len(t, MissingFactors(fw, &scoring.Assessment{}), 48)
}

// TestSamples checks the sample assessments shipped in samples/src: the
// clean ones are complete and error-free, the flawed one shows every kind of
// mistake the validation is meant to catch, each on the row that has it.
func TestSamples(t *testing.T) {
	fw := scoring.Default()
	files, err := filepath.Glob("../../samples/src/*/*.md")
	require.NoError(t, err)
	require.NotEmpty(t, files, "the samples' Markdown sources")
	// The deliberate mistakes of brightsky-mistakes.md, as listed in its
	// opening comment: factor -> code.
	flawed := [][2]string{
		{"SOV-1.3", scoring.CodeAnswerMissing},
		{"SOV-2.1", scoring.CodeAnswerInvalid},
		{"SOV-4.2", scoring.CodeAnswerInvalid},
		{"SOV-3.4", scoring.CodeAnswerInvalid},
		{"SOV-8.2", scoring.CodeAnswerAmbiguous},
		{"SOV-1.5", scoring.CodeConfidenceInvalid},
		{"SOV-5.2", scoring.CodeConfidenceMissing},
		{"SOV-6.4", scoring.CodeJustificationEmpty},
		{"SOV-7.1", scoring.CodeSourceScheme},
		{"SOV-7.2", scoring.CodeSourceScheme},
		{"SOV-3.3", scoring.CodeSourceInsecure},
		{"SOV-2.6", scoring.CodeSourceDuplicate},
		{"SOV-1.1", scoring.CodeSourceMissing},
		{"SOV-5.4", scoring.CodeClaimMismatch},
		{"SOV-3.1", scoring.CodeClaimMismatch},
	}
	for _, tc := range []struct {
		file string
		// clean samples must have no error at all; quiet ones no warning either.
		clean, quiet bool
		// hosted samples name a host: alone, they have no error and only
		// the infrastructure factors they leave to the host unanswered.
		hosted bool
		want   [][2]string
	}{
		{file: "tender/scalingo.md", clean: true},
		{file: "tender/nimbus-eu-region.md", clean: true, quiet: true},
		{file: "tender/castellum-iaas.md", clean: true, quiet: true},
		{file: "mistakes/brightsky-mistakes.md", want: flawed},
		{file: "history/scalingo-2025.md", clean: true},
		{file: "panel/nimbus-keller.md", clean: true, quiet: true},
		{file: "panel/nimbus-dubois.md", clean: true, quiet: true},
		{file: "composition/ferrum-iaas.md", clean: true, quiet: true},
		{file: "composition/vela-paas.md", hosted: true},
		{file: "composition/vela-paas-own-pue.md", hosted: true},
		{file: "composition/lumen-saas.md", hosted: true},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("..", "..", "samples", "src", filepath.FromSlash(tc.file))
			a := mustParse(t, path)
			require.Len(t, a.Factors, 48)
			assert.Empty(t, a.Issues, "reader issues")
			assert.NotEmpty(t, a.Provider.Name.Text)
			for _, name := range []string{"eucsf-1.2.1", "calculator-2026"} {
				p, err := fw.Profile(name)
				require.NoError(t, err)
				r := scoring.Evaluate(fw, a, p)
				t.Logf("%s %s: score %.2f, SEAL %d, complete %v, %d errors, %d warnings",
					tc.file, name, r.Score, r.SEAL, r.Complete, r.Issues.Errors(), r.Issues.Warnings())
				if tc.clean {
					assert.True(t, r.Complete)
					assert.Zero(t, r.Issues.Errors(), "%v", r.Issues)
				}
				if tc.quiet {
					assert.Empty(t, r.Issues)
				}
				if tc.hosted {
					assert.NotEmpty(t, a.Provider.HostAssessment.Text)
					assert.Empty(t, r.Issues, "left to the host is no problem")
					for _, fr := range r.Factors {
						if fr.Option == 0 {
							assert.Equal(t, scoring.LayerInfrastructure, fr.Layer, fr.Factor.ID)
						}
					}
				}
				var got [][2]string
				for _, is := range r.Issues {
					got = append(got, [2]string{is.Factor, is.Code})
				}
				for _, w := range tc.want {
					assert.Contains(t, got, w)
				}
			}
		})
	}
	for _, f := range files {
		rel, err := filepath.Rel(filepath.Join("..", "..", "samples", "src"), f)
		require.NoError(t, err)
		assert.Contains(t, []string{"tender/scalingo.md", "tender/nimbus-eu-region.md", "tender/castellum-iaas.md", "mistakes/brightsky-mistakes.md",
			"history/scalingo-2025.md", "panel/nimbus-keller.md", "panel/nimbus-dubois.md",
			"composition/ferrum-iaas.md", "composition/vela-paas.md", "composition/vela-paas-own-pue.md", "composition/lumen-saas.md"},
			filepath.ToSlash(rel), "a new sample needs a case in TestSamples")
	}
}

// TestSampleForms checks details the samples exist to show: Unicode in the
// cover, the accepted answer forms, and a formula-like justification kept as
// plain text.
func TestSampleForms(t *testing.T) {
	c := mustParse(t, "../../samples/src/tender/castellum-iaas.md")
	assert.Equal(t, "Élodie Mårtensson", c.Provider.Assessor.Text)
	assert.Equal(t, "Castellum Cloud SAS", c.Provider.Name.Text)
	for _, tc := range []struct{ id, answer string }{
		{"SOV-1.1", "4. Entirely within the EU"},
		{"SOV-1.3", "4"},
		{"SOV-2.2", "Verified legal immunity, non-EU laws unenforceable"},
	} {
		e, ok := c.Entry(tc.id)
		require.True(t, ok, tc.id)
		assert.Equal(t, tc.answer, e.Answer.Text)
	}
	b := mustParse(t, "../../samples/src/mistakes/brightsky-mistakes.md")
	e, ok := b.Entry("SOV-6.2")
	require.True(t, ok)
	assert.True(t, strings.HasPrefix(e.Justification.Text, "=cmd|' /C calc'!A0 "), e.Justification.Text)
	assert.Contains(t, b.Provider.Notes.Text, "Deliberately flawed sample")
}

// TestSampleScalingoMatchesSeed checks that the Scalingo sample carries the
// seed's tables unchanged: same answers, same scores.
func TestSampleScalingoMatchesSeed(t *testing.T) {
	seed := mustParse(t, seedPath)
	sample := mustParse(t, "../../samples/src/tender/scalingo.md")
	require.Len(t, sample.Factors, len(seed.Factors))
	for i := range seed.Factors {
		s, x := seed.Factors[i], sample.Factors[i]
		assert.Equal(t, s.ID, x.ID)
		assert.Equal(t, s.Answer.Text, x.Answer.Text, s.ID)
		assert.Equal(t, s.Confidence.Text, x.Confidence.Text, s.ID)
		assert.Equal(t, s.Justification.Text, x.Justification.Text, s.ID)
	}
	assert.Equal(t, "Scalingo", sample.Provider.Name.Text)
	assert.Equal(t, "3DS Outscale", sample.Provider.Hosting.Text)
}

func FuzzParseMarkdown(f *testing.F) {
	for _, name := range []string{"escaped.md", "metadata.md", "unknown-duplicate.md", "ragged.md", "synonyms.md"} {
		if data, err := os.ReadFile(testdata(name)); err == nil {
			f.Add(data)
		}
	}
	if data, err := os.ReadFile(seedPath); err == nil {
		f.Add(data)
	}
	f.Add([]byte("| ID | Value |\n| SOV-1.1 | `a|b` \\| ``c`` |"))
	f.Add([]byte("<!--\n| ID | Value |\n"))
	f.Add([]byte("| ID | Factor |\n|---|---|\n| SOV-01.01 | x |"))
	fw := scoring.Default()
	p, err := fw.Profile(fw.DefaultProfile)
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Parse(bytes.NewReader(data), "fuzz.md", fw)
		if err != nil {
			var me *ParseError
			require.ErrorAs(t, err, &me)
			return
		}
		seen := map[string]bool{}
		for _, e := range a.Factors {
			_, ok := fw.Factor(e.ID)
			require.True(t, ok, e.ID)
			require.False(t, seen[e.ID], "duplicate %s", e.ID)
			seen[e.ID] = true
			require.True(t, strings.HasPrefix(e.Row.Cell, "line "))
		}
		scoring.Evaluate(fw, a, p)
	})
}
