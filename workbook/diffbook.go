package workbook

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// DiffOptions configures WriteDiff.
type DiffOptions struct {
	// Created is stamped as the Created and Modified document properties
	// and shown in every sheet's title; the zero time stamps nothing.
	Created time.Time
	// ToolVersion and ProfileName are shown in every sheet's title.
	ToolVersion string
	ProfileName string
}

// The sheets of diff.xlsx.
const (
	// DiffChangesSheet is the one sheet of a comparison of two workbooks.
	DiffChangesSheet = "Changes"
	// DiffOverviewSheet lists the pairs of a comparison of two folders.
	DiffOverviewSheet = "Overview"
)

// diffHeads are the columns of a pair's sheet: one row per changed factor.
var diffHeads = []string{"Objective", "ID", "Factor", "Status", "Changed", "Old answer", "New answer",
	"Old confidence", "New confidence", "Old points", "New points", "Points change", "Old SEAL", "New SEAL",
	"Old justification", "New justification", "Old sources", "New sources"}

var diffWidths = []float64{9, 9, 28, 13, 20, 34, 34, 11, 11, 9, 9, 9, 9, 9, 60, 60, 40, 40}

// WriteDiff writes diff.xlsx: for a comparison of two workbooks, one sheet
// with a row per changed factor; for two folders (several pairs, or
// workbooks on one side only), an Overview sheet with a row per pair and
// per one-sided workbook, then a sheet per pair named after its provider.
// Every table has an autofilter and frozen headers. Text from workbooks is
// stored as strings, never formulas; the same comparison and options give
// byte-identical output.
func WriteDiff(w io.Writer, c scoring.Comparison, opts DiffOptions) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("diff workbook: %w", cerr)
		}
	}()
	b := &diffBook{f: f, opts: opts}
	if p := c.Profile(); p != nil {
		b.noMinimum = !p.HasMinimum()
	}
	if err := b.build(c); err != nil {
		return fmt.Errorf("diff workbook: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("diff workbook: write: %w", err)
	}
	return nil
}

// diffBook carries the file and its styles while it is written.
type diffBook struct {
	f    *excelize.File
	opts DiffOptions
	st   annStyles
	wrap int
	// noMinimum is set when the profile sets no minimum SEAL.
	noMinimum bool
}

func (b *diffBook) build(c scoring.Comparison) error {
	f := b.f
	var err error
	if b.st, err = newAnnStyles(f); err != nil {
		return fmt.Errorf("styles: %w", err)
	}
	b.wrap = b.st.cellWrap
	single := len(c.Pairs) == 1 && len(c.Added)+len(c.Removed) == 0
	first := DiffOverviewSheet
	if single {
		first = DiffChangesSheet
	}
	if err := f.SetSheetName("Sheet1", first); err != nil {
		return err
	}
	if single {
		if err := b.pair(DiffChangesSheet, &c.Pairs[0]); err != nil {
			return fmt.Errorf("%s: %w", DiffChangesSheet, err)
		}
	} else {
		if err := b.overview(c); err != nil {
			return fmt.Errorf("%s: %w", DiffOverviewSheet, err)
		}
		used := map[string]bool{strings.ToLower(DiffOverviewSheet): true}
		for i := range c.Pairs {
			name := uniqueSheetName(c.Pairs[i].New.ProviderName(), used)
			if _, err := f.NewSheet(name); err != nil {
				return fmt.Errorf("sheet %s: %w", name, err)
			}
			if err := b.pair(name, &c.Pairs[i]); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	f.SetActiveSheet(0)
	props := &excelize.DocProperties{
		Title:          "Cloud sovereignty assessments: changes",
		Subject:        "Factors changed between assessments of the same cloud offers",
		Creator:        "sovscore",
		LastModifiedBy: "sovscore",
		Description:    strings.TrimSpace("Made by sovscore "+b.opts.ToolVersion) + ".",
	}
	return setDocProps(f, props, b.opts.Created)
}

// title is the first row of a sheet; under a profile without a minimum
// SEAL it says what eligible means (the Overview's Eligible columns, and
// the eligibility diff.json, diff.pdf and the terminal give each pair).
func (b *diffBook) title(what string) string {
	t := madeBy(what, b.opts.ProfileName, b.opts.ToolVersion, b.opts.Created)
	if b.noMinimum {
		t += "; " + scoring.NoMinimumNote
	}
	return t
}

// table writes a title on row 1, heads on row 2 and rows below, with the
// widths, an autofilter, frozen panes and A4 landscape printing.
func (b *diffBook) table(sheet, title string, heads []string, widths []float64, freezeCols int, rows [][]sumCell) error {
	f := b.f
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1) // i+1 is always a valid column
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return err
		}
	}
	if err := b.set(sheet, 1, 1, sumCell{title, b.st.heading}); err != nil {
		return err
	}
	for i, h := range heads {
		if err := b.set(sheet, i+1, 2, sumCell{h, b.st.header}); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(sheet, 2, linesHeight(rowLines(heads, widths))); err != nil {
		return err
	}
	for r, row := range rows {
		texts := make([]string, len(row))
		for i, c := range row {
			if err := b.set(sheet, i+1, r+3, c); err != nil {
				return err
			}
			if s, ok := c.v.(string); ok && c.style == b.wrap {
				texts[i] = s
			}
		}
		if lines := rowLines(texts, widths); lines > 1 {
			if err := f.SetRowHeight(sheet, r+3, linesHeight(min(lines, 12))); err != nil {
				return err
			}
		}
	}
	last := tplCell(len(heads), 2+max(len(rows), 1))
	if err := f.AutoFilter(sheet, "A2:"+last, nil); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, sumPanes(freezeCols, 3)); err != nil {
		return err
	}
	orient, size := "landscape", 9 // 9 is A4
	return f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient})
}

// set writes one cell; strings through SetCellStr, so that text from a
// workbook never becomes a formula.
func (b *diffBook) set(sheet string, col, row int, c sumCell) error {
	ref := tplCell(col, row)
	var err error
	switch v := c.v.(type) {
	case nil:
	case string:
		err = b.f.SetCellStr(sheet, ref, clipUTF16(escapeXString(v), maxCellChars))
	default:
		err = b.f.SetCellValue(sheet, ref, v)
	}
	if err != nil {
		return err
	}
	return b.f.SetCellStyle(sheet, ref, ref, c.style)
}

// pair writes the sheet of one pair: a row per changed factor.
func (b *diffBook) pair(sheet string, d *scoring.PairDiff) error {
	title := fmt.Sprintf("Changes of %s: %s (%s) → %s (%s), %d re-evaluated, %d carried over",
		d.New.ProviderAndService(), d.Old.File, diffDate(&d.Old.Summary), d.New.File, diffDate(&d.New.Summary),
		d.Reevaluated, d.CarriedOver)
	rows := make([][]sumCell, 0, len(d.Factors))
	for i := range d.Factors {
		fd := &d.Factors[i]
		st := "carried over"
		if fd.Reevaluated() {
			st = "re-evaluated"
		}
		changes := make([]string, len(fd.Changes))
		for k, c := range fd.Changes {
			changes[k] = string(c)
		}
		o, n := fd.Old, fd.New
		rows = append(rows, []sumCell{
			{fd.Factor.Objective.ID, b.st.cell}, {fd.Factor.ID, b.st.cellBold}, {fd.Factor.Name, b.wrap},
			{st, b.st.cell}, {strings.Join(changes, ", "), b.wrap},
			{diffAnswer(o), b.wrap}, {diffAnswer(n), b.wrap}, {o.Confidence, b.st.cell}, {n.Confidence, b.st.cell},
			{o.Points.Float(), b.st.points}, {n.Points.Float(), b.st.points}, {fd.PointsDelta().Float(), b.st.points},
			{scoring.SEALLabel(o.SEAL, false), b.st.sealStyle(o.SEAL)}, {scoring.SEALLabel(n.SEAL, false), b.st.sealStyle(n.SEAL)},
			{diffJustification(o), b.wrap}, {diffJustification(n), b.wrap},
			{strings.Join(o.Sources, "\n"), b.wrap}, {strings.Join(n.Sources, "\n"), b.wrap},
		})
	}
	return b.table(sheet, b.title(title), diffHeads, diffWidths, 2, rows)
}

// overview writes one row per pair, then one per one-sided workbook.
func (b *diffBook) overview(c scoring.Comparison) error {
	heads := []string{"Provider", "Service", "In", "Old file", "New file", "Old score", "New score", "Score change",
		"Old SEAL", "New SEAL", "Old eligible", "New eligible", "Re-evaluated", "Changed factors", "Problems added", "Problems resolved"}
	widths := []float64{30, 30, 9, 32, 32, 10, 10, 10, 9, 9, 10, 10, 11, 11, 11, 11}
	var rows [][]sumCell
	for i := range c.Pairs {
		d := &c.Pairs[i]
		o, n := &d.Old.Summary, &d.New.Summary
		rows = append(rows, []sumCell{
			{n.ProviderName(), b.st.cellBold}, {scoring.Normalize(n.Provider.Service.Text), b.wrap}, {"both", b.st.cell},
			{o.File, b.st.cell}, {n.File, b.st.cell}, {o.Score, b.st.points}, {n.Score, b.st.points}, {d.ScoreDelta, b.st.points},
			{scoring.SEALLabel(o.SEAL, false), b.st.sealStyle(o.SEAL)}, {scoring.SEALLabel(n.SEAL, false), b.st.sealStyle(n.SEAL)},
			sumEligible(&b.st, o.Eligible), sumEligible(&b.st, n.Eligible),
			{d.Reevaluated, b.st.cellCenter}, {len(d.Factors), b.st.cellCenter},
			{len(d.ProblemsAdded), b.st.cellCenter}, {len(d.ProblemsResolved), b.st.cellCenter},
		})
	}
	one := func(r *scoring.Result, added bool) []sumCell {
		s := &r.Summary
		row := []sumCell{{s.ProviderName(), b.st.cellBold}, {scoring.Normalize(s.Provider.Service.Text), b.wrap}}
		score, seal := sumCell{s.Score, b.st.points}, sumCell{scoring.SEALLabel(s.SEAL, false), b.st.sealStyle(s.SEAL)}
		if added {
			return append(row, sumCell{"new only", b.st.cell}, sumCell{nil, b.st.cell}, sumCell{s.File, b.st.cell},
				sumCell{nil, b.st.points}, score, sumCell{nil, b.st.points}, sumCell{nil, b.st.cell}, seal,
				sumCell{nil, b.st.cell}, sumEligible(&b.st, s.Eligible))
		}
		return append(row, sumCell{"old only", b.st.cell}, sumCell{s.File, b.st.cell}, sumCell{nil, b.st.cell},
			score, sumCell{nil, b.st.points}, sumCell{nil, b.st.points}, seal, sumCell{nil, b.st.cell},
			sumEligible(&b.st, s.Eligible), sumCell{nil, b.st.cell})
	}
	for _, r := range c.Added {
		rows = append(rows, one(r, true))
	}
	for _, r := range c.Removed {
		rows = append(rows, one(r, false))
	}
	title := fmt.Sprintf("Changes between assessments: %d pair(s), %d new only, %d old only", len(c.Pairs), len(c.Added), len(c.Removed))
	return b.table(DiffOverviewSheet, b.title(title), heads, widths, 1, rows)
}

// diffDate is the cover's date as written, or "no date".
func diffDate(s *scoring.Summary) string {
	if d := scoring.Normalize(s.Provider.Date.Text); d != "" {
		return d
	}
	return "no date"
}

// diffAnswer is the numbered label of the answer, else the text written.
func diffAnswer(f *scoring.FactorResult) string {
	if a, ok := f.Answer(); ok {
		return a.Display()
	}
	if f.Entry != nil {
		return f.Entry.Answer.Text
	}
	return ""
}

func diffJustification(f *scoring.FactorResult) string {
	if f.Entry == nil {
		return ""
	}
	return f.Entry.Justification.Text
}

// maxSheetName is Excel's limit on a sheet name, in UTF-16 units.
const maxSheetName = 31

// uniqueSheetName makes a valid sheet name from untrusted text: no
// : \ / ? * [ ], no leading or trailing apostrophe, at most 31 units,
// and not used yet (without case), with " (2)", " (3)" ... if needed.
func uniqueSheetName(base string, used map[string]bool) string {
	base = strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`:\/?*[]`, r):
			return '_'
		case r < ' ':
			return ' '
		}
		return r
	}, scoring.Normalize(base))
	base = strings.Trim(base, "' ")
	if base == "" {
		base = "Pair"
	}
	name := clipSheetName(base, maxSheetName)
	for i := 2; used[strings.ToLower(name)]; i++ {
		suffix := fmt.Sprintf(" (%d)", i)
		name = clipSheetName(base, maxSheetName-len(suffix)) + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}

// clipSheetName cuts a name to n UTF-16 units, without an ellipsis.
func clipSheetName(s string, n int) string {
	used := 0
	for i, r := range s {
		w := 1
		if r > 0xffff {
			w = 2
		}
		if used+w > n {
			return strings.TrimRight(s[:i], "' ")
		}
		used += w
	}
	return s
}
