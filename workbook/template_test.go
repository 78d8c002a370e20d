package workbook

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook/cover"
)

// renderTemplate writes a template and reopens it from its bytes, so the
// tests see what a user's spreadsheet program sees.
func renderTemplate(t *testing.T, a *scoring.Assessment) ([]byte, *excelize.File) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, WriteTemplate(&buf, scoring.Default(), a))
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = f.Close() })
	return buf.Bytes(), f
}

// sheetRows returns the cells of every row, read with the Rows iterator.
func sheetRows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.Rows(sheet)
	require.NoError(t, err)
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		cols, err := rows.Columns()
		require.NoError(t, err)
		out = append(out, cols)
	}
	require.NoError(t, rows.Error())
	return out
}

// resolveName returns the cell values a workbook-scope defined name covers
// (a single-column range such as Lists!$C$2:$C$6).
func resolveName(t *testing.T, f *excelize.File, name string) (string, []string) {
	t.Helper()
	for _, dn := range f.GetDefinedName() {
		if dn.Name != name || dn.Scope != "Workbook" {
			continue
		}
		m := regexp.MustCompile(`^'?([^'!]+)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$`).FindStringSubmatch(dn.RefersTo)
		require.NotNil(t, m, "name %s refers to %q", name, dn.RefersTo)
		require.Equal(t, m[2], m[4], "name %s spans one column", name)
		var from, to int
		_, err := fmt.Sscan(m[3], &from)
		require.NoError(t, err)
		_, err = fmt.Sscan(m[5], &to)
		require.NoError(t, err)
		var vals []string
		for r := from; r <= to; r++ {
			v, err := f.GetCellValue(m[1], fmt.Sprintf("%s%d", m[2], r))
			require.NoError(t, err)
			vals = append(vals, v)
		}
		return m[1], vals
	}
	t.Fatalf("defined name %s not found", name)
	return "", nil
}

func validationsByRef(t *testing.T, f *excelize.File, sheet string) map[string]*excelize.DataValidation {
	t.Helper()
	dvs, err := f.GetDataValidations(sheet)
	require.NoError(t, err)
	out := map[string]*excelize.DataValidation{}
	for _, dv := range dvs {
		out[dv.Sqref] = dv
	}
	return out
}

func locked(t *testing.T, f *excelize.File, sheet, ref string) bool {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	require.NoError(t, err)
	st, err := f.GetStyle(id)
	require.NoError(t, err)
	return st.Protection == nil || st.Protection.Locked // Excel locks by default
}

func TestListName(t *testing.T) {
	for _, tc := range []struct{ id, want string }{
		{"SOV-1.1", "opt_sov1_1"},
		{"SOV-8.4", "opt_sov8_4"},
		{"SOV-10.12", "opt_sov10_12"},
		{"sov-3.2", "opt_sov3_2"},
	} {
		t.Run(tc.id, func(t *testing.T) {
			assert.Equal(t, tc.want, ListName(tc.id))
		})
	}
}

func TestTemplateSheets(t *testing.T) {
	fw := scoring.Default()
	_, f := renderTemplate(t, nil)

	want := []string{CoverSheet, GuideSheet}
	for _, o := range fw.Objectives {
		want = append(want, o.ID)
	}
	want = append(want, ListsSheet)
	assert.Equal(t, want, f.GetSheetList())
	assert.Equal(t, 0, f.GetActiveSheetIndex(), "Cover is active")

	for _, s := range want {
		visible, err := f.GetSheetVisible(s)
		require.NoError(t, err)
		assert.Equal(t, s != ListsSheet, visible, "sheet %s visibility", s)
	}

	var ids []string
	for _, o := range fw.Objectives {
		rows := sheetRows(t, f, o.ID)
		require.Greater(t, len(rows), objHeaderRow)
		assert.Equal(t, o.ID+": "+o.Name, rows[objTitleRow-1][0])
		assert.Equal(t, o.Description, rows[objDescRow-1][0])
		assert.Equal(t, Headers, rows[objHeaderRow-1], "%s header row", o.ID)
		factorRows := rows[objHeaderRow:]
		require.Len(t, factorRows, len(o.Factors), "%s factor rows", o.ID)
		for i, fac := range o.Factors {
			r := factorRows[i]
			require.GreaterOrEqual(t, len(r), 3)
			assert.Equal(t, []string{fac.ID, fac.Name, fac.Question}, r[:3])
			ids = append(ids, r[0])
		}
	}
	require.Len(t, ids, 48)
	for i, fac := range fw.Factors() {
		assert.Equal(t, fac.ID, ids[i])
	}
}

func TestTemplateAnswerValidations(t *testing.T) {
	fw := scoring.Default()
	_, f := renderTemplate(t, nil)
	cAns, cConf := tplHeaderCol(HeaderAnswer), tplHeaderCol(HeaderConfidence)
	for _, o := range fw.Objectives {
		dvs := validationsByRef(t, f, o.ID)
		for i, fac := range o.Factors {
			ref := tplCell(cAns, objFirstRow+i)
			dv, ok := dvs[ref]
			require.True(t, ok, "%s: no validation on %s", fac.ID, ref)
			assert.Equal(t, "list", dv.Type)
			assert.Equal(t, ListName(fac.ID), dv.Formula1, "drop-down references the defined name")
			assert.False(t, dv.ShowDropDown, "ShowDropDown true would hide the arrow")
			assert.True(t, dv.AllowBlank)
			require.NotNil(t, dv.ErrorStyle)
			assert.Equal(t, "warning", *dv.ErrorStyle, "paraphrases must stay pasteable")
			assert.True(t, dv.ShowErrorMessage)
			require.NotNil(t, dv.Prompt)
			require.NotNil(t, dv.PromptTitle)
			assert.True(t, dv.ShowInputMessage)
			assert.LessOrEqual(t, utf16Len(*dv.Prompt), maxPromptChars)
			assert.LessOrEqual(t, utf16Len(*dv.PromptTitle), maxPromptTitleChars)
			assert.LessOrEqual(t, utf16Len(*dv.Error), maxErrorChars)
			assert.LessOrEqual(t, utf16Len(*dv.ErrorTitle), maxPromptTitleChars)
			assert.True(t, strings.HasPrefix(*dv.Prompt, "1. "), "%s prompt lists the answers: %q", fac.ID, *dv.Prompt)

			sheet, vals := resolveName(t, f, ListName(fac.ID))
			assert.Equal(t, ListsSheet, sheet)
			want := make([]string, len(fac.Answers))
			for j, a := range fac.Answers {
				want[j] = a.Display()
			}
			// Issue #11: an infrastructure factor also offers "inherited".
			if fac.Layer == scoring.LayerInfrastructure {
				want = append(want, scoring.InheritedAnswer)
			}
			assert.Equal(t, want, vals, "%s list", fac.ID)
		}
		confRef := tplCell(cConf, objFirstRow) + ":" + tplCell(cConf, objFirstRow+len(o.Factors)-1)
		dv, ok := dvs[confRef]
		require.True(t, ok, "%s: no confidence validation on %s", o.ID, confRef)
		assert.Equal(t, "list", dv.Type)
		assert.Equal(t, `"high,medium,low"`, dv.Formula1)
		assert.Len(t, dvs, len(o.Factors)+1, "%s: one validation per answer cell and one for confidence", o.ID)
	}
}

func TestTemplateProtection(t *testing.T) {
	fw := scoring.Default()
	data, f := renderTemplate(t, nil)

	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	protected := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, err := zf.Open()
		require.NoError(t, err)
		xml, err := io.ReadAll(rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		m := regexp.MustCompile(`<sheetProtection[^>]*>`).Find(xml)
		require.NotNil(t, m, "%s is protected", zf.Name)
		assert.Regexp(t, ` sheet="(1|true)"`, string(m))
		assert.NotContains(t, string(m), "assword", "no password: it breaks byte-identical output")
		assert.NotContains(t, string(m), "hashValue")
		protected++
	}
	assert.Equal(t, len(f.GetSheetList()), protected)

	for _, o := range fw.Objectives {
		opts, err := f.GetSheetProtection(o.ID)
		require.NoError(t, err)
		assert.True(t, opts.FormatColumns && opts.FormatRows && opts.FormatCells, "formatting allowed")
		assert.True(t, opts.InsertRows && opts.InsertColumns, "inserting allowed")
		assert.True(t, opts.Sort && opts.AutoFilter, "sorting and filtering allowed")
		assert.Empty(t, opts.AlgorithmName)

		for col, h := range Headers {
			assert.True(t, locked(t, f, o.ID, tplCell(col+1, objHeaderRow)), "%s header %s locked", o.ID, h)
		}
		for i := range o.Factors {
			row := objFirstRow + i
			for _, tc := range []struct {
				header string
				locked bool
			}{
				{HeaderID, true}, {HeaderFactor, true}, {HeaderQuestion, true},
				{HeaderAnswer, false}, {HeaderConfidence, false}, {HeaderJustification, false}, {HeaderSources, false},
			} {
				ref := tplCell(tplHeaderCol(tc.header), row)
				assert.Equal(t, tc.locked, locked(t, f, o.ID, ref), "%s!%s (%s) locked", o.ID, ref, tc.header)
			}
		}
	}

	// Cover: values editable, the framework version read-only.
	for i, label := range cover.Labels {
		ref := tplCell(2, coverFirstRow+i)
		assert.Equal(t, label == cover.FrameworkVersion, locked(t, f, CoverSheet, ref), "Cover %s (%s)", ref, label)
		assert.True(t, locked(t, f, CoverSheet, tplCell(1, coverFirstRow+i)), "cover label %s locked", label)
	}
}

func TestTemplateLayout(t *testing.T) {
	_, f := renderTemplate(t, nil)
	for h, w := range objectiveWidths {
		col, _ := excelize.ColumnNumberToName(tplHeaderCol(h))
		got, err := f.GetColWidth("SOV-1", col)
		require.NoError(t, err)
		assert.Equal(t, w, got, "width of %s", h)
	}
	panes, err := f.GetPanes("SOV-3")
	require.NoError(t, err)
	assert.True(t, panes.Freeze)
	assert.Equal(t, 1, panes.XSplit, "ID column frozen")
	assert.Equal(t, objHeaderRow, panes.YSplit, "frozen under the header row")

	for _, h := range []string{HeaderQuestion, HeaderJustification, HeaderSources} {
		id, err := f.GetCellStyle("SOV-2", tplCell(tplHeaderCol(h), objFirstRow))
		require.NoError(t, err)
		st, err := f.GetStyle(id)
		require.NoError(t, err)
		require.NotNil(t, st.Alignment)
		assert.True(t, st.Alignment.WrapText, "%s wraps", h)
	}
	// Heights are estimates for LibreOffice, never fixed: no row carries
	// customHeight, so Excel and LibreOffice re-fit rows as text is typed.
	data, _ := renderTemplate(t, nil)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
			continue
		}
		rc, err := zf.Open()
		require.NoError(t, err)
		xml, err := io.ReadAll(rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		assert.NotContains(t, string(xml), "customHeight", zf.Name)
	}
	h, err := f.GetRowHeight("SOV-1", objFirstRow+2)
	require.NoError(t, err)
	assert.Greater(t, h, 15.0, "a factor row with a long question is taller than one line")
}

func TestWrappedLines(t *testing.T) {
	for _, tc := range []struct {
		name  string
		text  string
		width float64
		want  int
	}{
		{"empty", "", 10, 1},
		{"fits", "short text", 20, 1},
		{"wraps by word", "aaaa bbbb cccc", 10, 2}, // 11 characters per line: "aaaa bbbb" + "cccc"
		{"newlines", "a\nb\nc", 50, 3},
		{"long word cut", strings.Repeat("x", 25), 10, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, wrappedLines(tc.text, tc.width))
		})
	}
}

func TestTemplateCover(t *testing.T) {
	fw := scoring.Default()
	for _, tc := range []struct {
		name        string
		a           *scoring.Assessment
		wantVersion string
		wantDate    string
	}{
		{"blank", nil, fw.Version, ""},
		{"version kept as given", &scoring.Assessment{Provider: scoring.ProviderInfo{
			FrameworkVersion: scoring.Field{Text: "1.1"}, Date: scoring.Field{Text: "2026-03-15"}}}, "1.1", "2026-03-15"},
		{"empty version filled", &scoring.Assessment{Provider: scoring.ProviderInfo{
			Date: scoring.Field{Text: "15/03/2026"}}}, fw.Version, "15/03/2026"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, f := renderTemplate(t, tc.a)
			rows := sheetRows(t, f, CoverSheet)
			got := map[string]string{}
			for _, r := range rows[coverFirstRow-1 : coverFirstRow-1+len(cover.Labels)] {
				require.GreaterOrEqual(t, len(r), 1)
				v := ""
				if len(r) > 1 {
					v = r[1]
				}
				got[r[0]] = v
			}
			for _, l := range cover.Labels {
				assert.Contains(t, got, l)
			}
			assert.Equal(t, tc.wantVersion, got[cover.FrameworkVersion])
			assert.Equal(t, tc.wantDate, got[cover.Date])
			typ, err := f.GetCellType(CoverSheet, tplCell(2, coverFirstRow+3))
			require.NoError(t, err)
			if tc.wantDate != "" {
				assert.Equal(t, excelize.CellTypeSharedString, typ, "the date is stored as typed, as text")
			}
		})
	}
}

func TestTemplateFilled(t *testing.T) {
	fw := scoring.Default()
	texts := []string{
		"=1+1", "+33 1 23 45 67 89", "-5", "@SUM(A1)", "4. Unlikely takeover/transfer of control",
		"  leading and trailing spaces  ", "line one\nline two", "_x0041_ stays literal", "Łódź – “quoted” 🙂",
	}
	a := &scoring.Assessment{Provider: scoring.ProviderInfo{
		Name: scoring.Field{Text: "=HYPERLINK(\"http://x\")"}, Service: scoring.Field{Text: "PaaS"},
		Assessor: scoring.Field{Text: "A. Assessor"}, Notes: scoring.Field{Text: "-note"},
	}}
	type want struct{ answer, conf, just, src string }
	wants := map[string]want{}
	for i, fac := range fw.Factors() {
		if i%3 == 2 {
			continue // some factors stay blank
		}
		w := want{
			answer: texts[i%len(texts)],
			conf:   []string{"high", "Medium", "=low"}[i%3],
			just:   texts[(i+1)%len(texts)] + " (src: https://example.eu/" + fac.ID + ")",
			src:    "https://example.eu/a\nhttp://example.eu/b",
		}
		wants[fac.ID] = w
		a.Factors = append(a.Factors, scoring.FactorEntry{ID: fac.ID,
			Answer: scoring.EntryCell{Text: w.answer}, Confidence: scoring.EntryCell{Text: w.conf},
			Justification: scoring.EntryCell{Text: w.just}, Sources: scoring.EntryCell{Text: w.src}})
	}
	_, f := renderTemplate(t, a)

	check := func(sheet, ref, want string) {
		t.Helper()
		got, err := f.GetCellValue(sheet, ref)
		require.NoError(t, err)
		assert.Equal(t, want, got, "%s!%s", sheet, ref)
		formula, err := f.GetCellFormula(sheet, ref)
		require.NoError(t, err)
		assert.Empty(t, formula, "%s!%s must not be a formula", sheet, ref)
		if want != "" {
			typ, err := f.GetCellType(sheet, ref)
			require.NoError(t, err)
			assert.Equal(t, excelize.CellTypeSharedString, typ, "%s!%s is a string", sheet, ref)
		}
	}
	check(CoverSheet, tplCell(2, coverFirstRow), a.Provider.Name.Text)
	check(CoverSheet, tplCell(2, coverFirstRow+len(cover.Labels)-1), "-note")
	for _, o := range fw.Objectives {
		for i, fac := range o.Factors {
			row := objFirstRow + i
			w := wants[fac.ID]
			check(o.ID, tplCell(tplHeaderCol(HeaderAnswer), row), w.answer)
			check(o.ID, tplCell(tplHeaderCol(HeaderConfidence), row), w.conf)
			check(o.ID, tplCell(tplHeaderCol(HeaderJustification), row), w.just)
			check(o.ID, tplCell(tplHeaderCol(HeaderSources), row), w.src)
		}
	}
	// "=1+1" explicitly: the first factor's answer.
	v, err := f.GetCellValue("SOV-1", tplCell(tplHeaderCol(HeaderAnswer), objFirstRow))
	require.NoError(t, err)
	assert.Equal(t, "=1+1", v)
}

// TestTemplateReadBack checks the contract with the reader: what the
// template writes, Read gives back verbatim.
func TestTemplateReadBack(t *testing.T) {
	fw := scoring.Default()
	a := &scoring.Assessment{Provider: scoring.ProviderInfo{
		Name: scoring.Field{Text: "Example Cloud SAS"}, Date: scoring.Field{Text: "2026-03-15"},
	}}
	for i, fac := range fw.Factors() {
		a.Factors = append(a.Factors, scoring.FactorEntry{ID: fac.ID,
			Answer:        scoring.EntryCell{Text: fac.Answers[i%len(fac.Answers)].Display()},
			Confidence:    scoring.EntryCell{Text: "medium"},
			Justification: scoring.EntryCell{Text: "=because (src: https://example.eu/" + fac.ID + ")"},
		})
	}
	data, _ := renderTemplate(t, a)
	b, err := OpenBytes(data, "filled.xlsx", fw, ReadOptions{})
	require.NoError(t, err)
	defer b.Close()
	got := b.Assessment
	assert.Equal(t, "Example Cloud SAS", got.Provider.Name.Text)
	assert.Equal(t, "2026-03-15", got.Provider.Date.Text)
	assert.Equal(t, fw.Version, got.Provider.FrameworkVersion.Text)
	require.Len(t, got.Factors, len(a.Factors))
	for _, e := range a.Factors {
		g, ok := got.Entry(e.ID)
		require.True(t, ok, e.ID)
		assert.Equal(t, e.Answer.Text, g.Answer.Text, e.ID)
		assert.False(t, g.Answer.Formula, e.ID)
		assert.Equal(t, e.Justification.Text, g.Justification.Text, e.ID)
		assert.False(t, g.Justification.Formula, e.ID)
	}
	for _, is := range got.Issues {
		assert.NotEqual(t, scoring.Error, is.Severity, "reader issue on a fresh template: %v", is)
	}
}

func TestTemplateGuide(t *testing.T) {
	fw := scoring.Default()
	_, f := renderTemplate(t, nil)
	rows := sheetRows(t, f, GuideSheet)
	text := map[string]bool{}
	ladder := map[string][][]string{}
	for _, r := range rows {
		for _, c := range r {
			text[c] = true
		}
		if len(r) >= 6 && r[5] != "" && r[2] != "" && r[2] != "Answer no." {
			ladder[r[5]] = append(ladder[r[5]], r)
		}
	}
	for _, p := range fw.Profiles {
		assert.True(t, text[p.Name], "profile %s has a weight column", p.Name)
	}
	for _, l := range fw.SEALLevels {
		found := false
		for s := range text {
			found = found || strings.HasPrefix(s, l.Name)
		}
		assert.True(t, found, "SEAL level %q named", l.Name)
	}
	// Weights come from the profiles, one row per objective.
	for _, r := range rows {
		if len(r) < 3 {
			continue
		}
		if o, ok := fw.Objective(r[0]); ok && r[1] == o.Name {
			for i, p := range fw.Profiles {
				require.Greater(t, len(r), 3+i)
				assert.Equal(t, fmt.Sprintf("%.0f%%", p.Weights[o.ID]*100), r[3+i], "%s weight in %s", o.ID, p.Name)
			}
		}
	}
	// Every rung of every ladder, with its points and SEAL.
	n := 0
	for _, fac := range fw.Factors() {
		n += len(fac.Answers)
	}
	total := 0
	for _, rs := range ladder {
		total += len(rs)
	}
	assert.Equal(t, n, total, "ladder rows")
	fac, _ := fw.Factor("SOV-1.1")
	for _, a := range fac.Answers {
		rs := ladder[a.Display()]
		require.NotEmpty(t, rs, a.Display())
		r := rs[0]
		assert.Equal(t, fmt.Sprint(a.Number), r[2])
		assert.Equal(t, a.Points.String(), r[3])
		assert.Equal(t, fmt.Sprintf("SEAL-%d", a.SEAL), r[4])
	}
}

func TestTemplateProperties(t *testing.T) {
	fw := scoring.Default()
	_, f := renderTemplate(t, nil)
	dp, err := f.GetDocProps()
	require.NoError(t, err)
	assert.Equal(t, templateTimestamp, dp.Created)
	assert.Equal(t, templateTimestamp, dp.Modified)
	assert.Equal(t, "sovscore", dp.Creator)
	props, err := f.GetCustomProps()
	require.NoError(t, err)
	assert.Contains(t, props, excelize.CustomProperty{Name: TemplateProperty, Value: fw.Version})
}

func TestTemplateDeterministic(t *testing.T) {
	fw := scoring.Default()
	a := &scoring.Assessment{Provider: scoring.ProviderInfo{Name: scoring.Field{Text: "X"}},
		Factors: []scoring.FactorEntry{{ID: "SOV-2.3", Answer: scoring.EntryCell{Text: "2"}}}}
	for _, tc := range []struct {
		name string
		a    *scoring.Assessment
	}{{"blank", nil}, {"filled", a}} {
		t.Run(tc.name, func(t *testing.T) {
			var x, y bytes.Buffer
			require.NoError(t, WriteTemplate(&x, fw, tc.a))
			require.NoError(t, WriteTemplate(&y, fw, tc.a))
			assert.True(t, bytes.Equal(x.Bytes(), y.Bytes()), "two renders differ")
		})
	}
}

func TestTemplateRejects(t *testing.T) {
	fw := scoring.Default()
	long := strings.Repeat("x", maxCellChars+1)
	for _, tc := range []struct {
		name string
		fw   *scoring.Framework
		a    *scoring.Assessment
		want string
	}{
		{"no framework", nil, nil, "no framework"},
		{"unknown factor", fw, &scoring.Assessment{Factors: []scoring.FactorEntry{{ID: "SOV-9.1"}}}, `"SOV-9.1" is not in framework`},
		{"duplicate factor", fw, &scoring.Assessment{Factors: []scoring.FactorEntry{{ID: "SOV-1.1"}, {ID: "SOV-1.1"}}}, "listed twice"},
		{"text too long", fw, &scoring.Assessment{Factors: []scoring.FactorEntry{{ID: "SOV-1.1", Justification: scoring.EntryCell{Text: long}}}}, "SOV-1.1 Justification"},
		{"cover too long", fw, &scoring.Assessment{Provider: scoring.ProviderInfo{Notes: scoring.Field{Text: long}}}, "cover Notes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := WriteTemplate(&buf, tc.fw, tc.a)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Zero(t, buf.Len(), "nothing written on error")
		})
	}
}

func TestFitLines(t *testing.T) {
	long := strings.Repeat("a", 200)
	for _, tc := range []struct {
		name  string
		lines []string
		limit int
		want  string
	}{
		{"fits", []string{"1. a", "2. b"}, 255, "1. a\n2. b"},
		{"long line clipped, short kept", []string{"1. short", long}, 40, "1. short\n" + strings.Repeat("a", 30) + "…"},
		{"all clipped evenly", []string{long, long}, 21, strings.Repeat("a", 9) + "…\n" + strings.Repeat("a", 9) + "…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := fitLines(tc.lines, tc.limit)
			assert.Equal(t, tc.want, got)
			assert.LessOrEqual(t, utf16Len(got), tc.limit)
		})
	}
	// Every real ladder fits Excel's prompt limit.
	for _, fac := range scoring.Default().Factors() {
		assert.LessOrEqual(t, utf16Len(answerPrompt(fac)), maxPromptChars, fac.ID)
	}
}

// TestTemplateLibreOffice round-trips the blank template through LibreOffice
// (xlsx -> xlsx and xlsx -> pdf). Set SOVSCORE_TEMPLATE_OUT to a directory to
// keep the files for a look at the rendering.
func TestTemplateLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if soffice, err = exec.LookPath("libreoffice"); err != nil {
			t.Skip("LibreOffice is not installed")
		}
	}
	if testing.Short() {
		t.Skip("slow: runs LibreOffice")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "template.xlsx")
	require.NoError(t, os.MkdirAll(filepath.Dir(in), 0o755))
	var buf bytes.Buffer
	require.NoError(t, WriteTemplate(&buf, scoring.Default(), nil))
	require.NoError(t, os.WriteFile(in, buf.Bytes(), 0o644))

	profile := "file://" + filepath.ToSlash(filepath.Join(dir, "lo-profile"))
	convert := func(format string) string {
		t.Helper()
		out := filepath.Join(dir, format)
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation="+profile,
			"--headless", "--convert-to", format, "--outdir", out, in)
		msg, err := cmd.CombinedOutput()
		require.NoError(t, err, "soffice: %s", msg)
		assert.NotContains(t, strings.ToLower(string(msg)), "error", "soffice: %s", msg)
		path := filepath.Join(out, "template."+format)
		require.FileExists(t, path, "soffice: %s", msg)
		if keep := os.Getenv("SOVSCORE_TEMPLATE_OUT"); keep != "" {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(keep, "template-lo."+format), data, 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(keep, "template.xlsx"), buf.Bytes(), 0o644))
		}
		return path
	}

	f, err := excelize.OpenFile(convert("xlsx"))
	require.NoError(t, err)
	defer f.Close()
	visible, err := f.GetSheetVisible(ListsSheet)
	require.NoError(t, err)
	assert.False(t, visible, "Lists stays hidden")
	fw := scoring.Default()
	for _, o := range fw.Objectives {
		dvs, err := f.GetDataValidations(o.ID)
		require.NoError(t, err)
		formulas := map[string]bool{}
		for _, dv := range dvs {
			formulas[dv.Formula1] = true
		}
		for _, fac := range o.Factors {
			assert.True(t, formulas[ListName(fac.ID)], "%s validation kept", fac.ID)
			sheet, vals := resolveName(t, f, ListName(fac.ID))
			assert.Equal(t, ListsSheet, sheet)
			// Issue #11: an infrastructure factor also offers "inherited".
			want := len(fac.Answers)
			if fac.Layer == scoring.LayerInfrastructure {
				want++
			}
			assert.Len(t, vals, want, "%s list kept", fac.ID)
		}
		assert.True(t, locked(t, f, o.ID, tplCell(tplHeaderCol(HeaderID), objFirstRow)))
		assert.False(t, locked(t, f, o.ID, tplCell(tplHeaderCol(HeaderAnswer), objFirstRow)))
	}

	pdf := convert("pdf")
	st, err := os.Stat(pdf)
	require.NoError(t, err)
	assert.Greater(t, st.Size(), int64(10_000))
}
