package workbook

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// panelResult scores sumAssessment as filled by one assessor, with some
// answers of their own (factor ID -> answer number, 0 for none) and a
// justification naming them.
func panelResult(t testing.TB, file, assessor string, answers map[string]int) *scoring.Result {
	t.Helper()
	return sumEvaluate(t, panelAssessment(file, assessor, answers))
}

// panelAssessment is the assessment panelResult scores.
func panelAssessment(file, assessor string, answers map[string]int) *scoring.Assessment {
	fw := scoring.Default()
	a := sumAssessment(fw, "Nordlicht Cloud", 0, false)
	a.File = file
	a.Provider.Assessor.Text = assessor
	a.Provider.Service.Text = "Managed Kubernetes"
	a.Provider.Hosting.Text = "Own data centres"
	for i := range a.Factors {
		e := &a.Factors[i]
		e.Sources.Text = "https://docs.example/" + e.ID
		n, ok := answers[e.ID]
		if !ok {
			continue
		}
		fac, _ := fw.Factor(e.ID)
		e.Answer.Text, e.Justification.Text = "", ""
		if n > 0 {
			e.Answer.Text = fac.Answers[n-1].Display()
			e.Justification.Text = assessor + " read the documentation _x0041_ differently."
		}
	}
	return a
}

func panel(t testing.TB) *scoring.Reconciliation {
	rc := scoring.Reconcile([]*scoring.Result{
		panelResult(t, "panel/anna.xlsx", "Anna Keller", map[string]int{"SOV-3.1": 3, "SOV-1.2": 5}),
		panelResult(t, "panel/marc.xlsx", "Marc Dubois", map[string]int{"SOV-3.1": 5, "SOV-1.2": 5, "SOV-8.1": 0}),
	})
	return &rc
}

func TestWriteConsensus(t *testing.T) {
	rc := panel(t)
	var buf bytes.Buffer
	require.NoError(t, WriteConsensus(&buf, rc))
	var again bytes.Buffer
	require.NoError(t, WriteConsensus(&again, panel(t)))
	assert.Equal(t, buf.Bytes(), again.Bytes(), "deterministic")

	fw := scoring.Default()
	b, err := OpenBytes(buf.Bytes(), "consensus.xlsx", fw, ReadOptions{})
	require.NoError(t, err)
	defer b.Close()
	a := b.Assessment
	assert.Equal(t, "Nordlicht Cloud", a.Provider.Name.Text)
	assert.Equal(t, "Managed Kubernetes", a.Provider.Service.Text)
	assert.Equal(t, "Panel: Anna Keller; Marc Dubois", a.Provider.Assessor.Text)
	assert.Empty(t, a.Provider.Date.Text, "the moderation date is left blank")
	assert.Equal(t, "Own data centres", a.Provider.Hosting.Text)
	assert.Contains(t, a.Provider.Notes.Text, "panel/anna.xlsx (Anna Keller, no date)")
	assert.Contains(t, a.Provider.Notes.Text, "The 2 divergent answers are left blank")

	tests := []struct {
		id, answer, justification string
	}{
		{"SOV-3.1", "", ""},
		{"SOV-8.1", "", ""},
		{"SOV-1.2", "5. Very unlikely",
			"Anna Keller: Anna Keller read the documentation _x0041_ differently.\n\nMarc Dubois: Marc Dubois read the documentation _x0041_ differently."},
		{"SOV-1.1", "4. Entirely within the EU", "Because."},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			e, ok := a.Entry(tt.id)
			require.True(t, ok)
			assert.Equal(t, tt.answer, e.Answer.Text)
			assert.Equal(t, tt.justification, e.Justification.Text)
			if tt.answer != "" {
				assert.Equal(t, "medium", e.Confidence.Text)
				assert.Equal(t, "https://docs.example/"+tt.id, e.Sources.Text)
			} else {
				assert.Empty(t, e.Confidence.Text)
			}
		})
	}

	notes := map[string]string{}
	for _, sheet := range []string{CoverSheet, "SOV-3", "SOV-8"} {
		cs, err := b.File.GetComments(sheet)
		require.NoError(t, err)
		for _, c := range cs {
			notes[sheet+"!"+c.Cell] = annCommentText(c)
		}
	}
	assert.Contains(t, notes["Cover!B7"], "Moderation date")
	sov31 := notes["SOV-3!D5"]
	assert.Contains(t, sov31, "SOV-3.1: the assessors differ (SEAL spread 2)")
	assert.Contains(t, sov31, "Anna Keller: 3. Shared - provider has override keys (SEAL-2), medium")
	assert.Contains(t, sov31, "Marc Dubois: 5. Customer exclusive control")
	// Stored escaped, as spreadsheets read "_x0041_" back as written.
	assert.Contains(t, sov31, "read the documentation _x005F_x0041_ differently")
	assert.Contains(t, notes["SOV-8!D5"], "Marc Dubois: no answer, medium")
	assert.Len(t, notes, 3)

	// The highlighted cells keep the input style but for their fill.
	style, err := b.File.GetCellStyle("SOV-3", "D5")
	require.NoError(t, err)
	plain, err := b.File.GetCellStyle("SOV-3", "D6")
	require.NoError(t, err)
	assert.NotEqual(t, plain, style)
	assert.False(t, locked(t, b.File, "SOV-3", "D5"), "the panel can type its answer")

	r := scoring.Evaluate(fw, a, rc.Results[0].Profile)
	assert.Equal(t, 2, r.Unanswered(), "only the divergent factors wait for the panel")
	for _, is := range r.Issues {
		if is.Severity == scoring.Error {
			assert.Equal(t, scoring.CodeAnswerMissing, is.Code, "%v", is)
		}
	}
}

func TestWriteConsensusAgreed(t *testing.T) {
	rc := scoring.Reconcile([]*scoring.Result{
		panelResult(t, "a.xlsx", "Anna", nil), panelResult(t, "b.xlsx", "Marc", nil),
	})
	var buf bytes.Buffer
	require.NoError(t, WriteConsensus(&buf, &rc))
	fw := scoring.Default()
	b, err := OpenBytes(buf.Bytes(), "consensus.xlsx", fw, ReadOptions{})
	require.NoError(t, err)
	defer b.Close()
	r := scoring.Evaluate(fw, b.Assessment, rc.Results[0].Profile)
	assert.Zero(t, r.Issues.Errors(), "%v", r.Issues)
	assert.Equal(t, rc.Results[0].Score, r.Score, "the same answers, the same score")

	assert.Error(t, WriteConsensus(&buf, &scoring.Reconciliation{}))
}

func TestWriteDiff(t *testing.T) {
	old := panelResult(t, "2025/nordlicht.xlsx", "Anna", map[string]int{"SOV-3.1": 3})
	newer := panelResult(t, "2026/nordlicht.xlsx", "Anna", nil)
	other := panelResult(t, "2026/other.xlsx", "Anna", nil)
	other.Provider.Name.Text = "Other: Cloud [EU]/'test'"
	opts := DiffOptions{Created: time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC), ToolVersion: "0.0.0-test", ProfileName: "eucsf-1.2.1"}

	write := func(c scoring.Comparison) *excelize.File {
		var buf, again bytes.Buffer
		require.NoError(t, WriteDiff(&buf, c, opts))
		require.NoError(t, WriteDiff(&again, c, opts))
		assert.Equal(t, buf.Bytes(), again.Bytes(), "deterministic")
		f, err := excelize.OpenReader(&buf)
		require.NoError(t, err)
		t.Cleanup(func() { f.Close() })
		return f
	}

	f := write(scoring.Comparison{Pairs: []scoring.PairDiff{scoring.Diff(old, newer)}})
	assert.Equal(t, []string{DiffChangesSheet}, f.GetSheetList())
	rows, err := f.GetRows(DiffChangesSheet)
	require.NoError(t, err)
	require.Len(t, rows, 3, "title, header, one changed factor")
	assert.Contains(t, rows[0][0], "2025/nordlicht.xlsx (no date) → 2026/nordlicht.xlsx")
	assert.Contains(t, rows[0][0], "profile eucsf-1.2.1, sovscore 0.0.0-test, 2026-06-15")
	assert.Contains(t, rows[0][0], scoring.NoMinimumNote, "the built-in profile sets no minimum: the Eligible columns say what they mean")
	assert.Equal(t, diffHeads, rows[1])
	assert.Equal(t, []string{"SOV-3", "SOV-3.1", "Customer control over encryption keys", "re-evaluated", "answer, justification",
		"3. Shared - provider has override keys", "5. Customer exclusive control - provider can not read the data",
		"medium", "medium", "100.00", "200.00", "100.00", "SEAL-2", "SEAL-4"}, rows[2][:14])
	filters := autoFilterRef(t, f, DiffChangesSheet)
	assert.Equal(t, "A2:R3", filters)

	f = write(scoring.Compare([]*scoring.Result{old}, []*scoring.Result{newer, other}))
	assert.Equal(t, []string{DiffOverviewSheet, "Nordlicht Cloud"}, f.GetSheetList())
	rows, err = f.GetRows(DiffOverviewSheet)
	require.NoError(t, err)
	require.Len(t, rows, 4)
	assert.Equal(t, []string{"Nordlicht Cloud", "Managed Kubernetes", "both"}, rows[2][:3])
	assert.Equal(t, []string{"Other: Cloud [EU]/'test'", "Managed Kubernetes", "new only", "", "2026/other.xlsx"}, rows[3][:5])

	f = write(scoring.Compare([]*scoring.Result{old, old}, []*scoring.Result{newer, newer}))
	assert.Equal(t, []string{DiffOverviewSheet, "Nordlicht Cloud", "Nordlicht Cloud (2)"}, f.GetSheetList())
}

// TestWriteDiffMinimumNote: the no-minimum note is in the titles only
// when the profile sets no minimum SEAL.
func TestWriteDiffMinimumNote(t *testing.T) {
	fw := scoring.Default()
	strict, err := fw.ParseProfile([]byte("name: strict\nbase: eucsf-1.2.1\nmin_seal: {SOV-3: 2}\n"), false)
	require.NoError(t, err)
	builtin, err := fw.ResolveProfile("")
	require.NoError(t, err)
	old := panelAssessment("2025/nordlicht.xlsx", "Anna", map[string]int{"SOV-3.1": 3})
	newer := panelAssessment("2026/nordlicht.xlsx", "Anna", nil)
	for _, tc := range []struct {
		name    string
		profile *scoring.Profile
		want    bool
	}{
		{"built-in, no minimum", builtin, true},
		{"tender profile with a minimum", strict, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := scoring.Evaluate(fw, old, tc.profile)
			n := scoring.Evaluate(fw, newer, tc.profile)
			for _, c := range []scoring.Comparison{
				{Pairs: []scoring.PairDiff{scoring.Diff(o, n)}},
				scoring.Compare([]*scoring.Result{o}, []*scoring.Result{n}),
			} {
				var buf bytes.Buffer
				require.NoError(t, WriteDiff(&buf, c, DiffOptions{ProfileName: tc.profile.Name}))
				f, err := excelize.OpenReader(&buf)
				require.NoError(t, err)
				for _, sheet := range f.GetSheetList() {
					title, err := f.GetCellValue(sheet, "A1")
					require.NoError(t, err)
					assert.Equal(t, tc.want, strings.Contains(title, scoring.NoMinimumNote), "%s: %q", sheet, title)
				}
				f.Close()
			}
		})
	}
}

// autoFilterRef reads the autofilter range of a sheet from its XML.
func autoFilterRef(t *testing.T, f *excelize.File, sheet string) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	g, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer g.Close()
	names := g.GetDefinedName()
	for _, n := range names {
		if n.Name == "_xlnm._FilterDatabase" && n.Scope == sheet {
			return strings.ReplaceAll(strings.TrimPrefix(n.RefersTo, "'"+sheet+"'!"), "$", "")
		}
	}
	return ""
}

func TestUniqueSheetName(t *testing.T) {
	used := map[string]bool{"overview": true}
	tests := []struct{ in, want string }{
		{"Scalingo", "Scalingo"},
		{"scalingo", "scalingo (2)"},
		{"Overview", "Overview (2)"},
		{"A/B: C? [D]*", "A_B_ C_ _D__"},
		{"'quoted'", "quoted"},
		{"", "Pair"},
		{"Nimbus Cloud Services EU (Frankfurt am Main)", "Nimbus Cloud Services EU (Frank"},
		{"Nimbus Cloud Services EU (Frankfurt am Main) 2", "Nimbus Cloud Services EU (F (2)"},
		{"☁️☁️☁️☁️☁️☁️☁️☁️☁️☁️☁️☁️☁️☁️☁️☁️☁️☁️", "☁️☁️☁️☁️☁️☁️☁️☁️☁️☁️☁️☁️☁️☁️☁️☁"},
	}
	for _, tt := range tests {
		got := uniqueSheetName(tt.in, used)
		assert.Equal(t, tt.want, got, tt.in)
		assert.LessOrEqual(t, utf16Len(got), maxSheetName)
	}
}
