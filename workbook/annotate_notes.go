package workbook

import (
	"fmt"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// annCell gathers the issues located at one cell.
type annCell struct {
	sheet, cell string
	col, row    int
	issues      []scoring.Issue
	// info is a line put before the problems: the host an answer was
	// inherited from (see annHostNotes).
	info string
}

// cells highlights every cell a problem is located at and attaches a note
// listing its problems.
func (a *annotator) cells() error {
	f := a.f
	// Sheets listed without a part hold no cells.
	order := map[string]int{}
	for i, p := range sheetParts(f) {
		order[p.name] = i
	}
	byCell := map[[2]string]*annCell{}
	var list []*annCell
	for _, is := range a.r.Issues {
		if is.Sheet == "" || is.Cell == "" {
			continue
		}
		if _, ok := order[is.Sheet]; !ok {
			continue
		}
		col, row, err := excelize.CellNameToCoordinates(is.Cell)
		if err != nil {
			continue
		}
		k := [2]string{is.Sheet, is.Cell}
		c := byCell[k]
		if c == nil {
			c = &annCell{sheet: is.Sheet, cell: is.Cell, col: col, row: row}
			byCell[k] = c
			list = append(list, c)
		}
		c.issues = append(c.issues, is)
	}
	list = annNoteCells(a.r, byCell, list, order)
	sort.SliceStable(list, func(i, j int) bool {
		x, y := list[i], list[j]
		if order[x.sheet] != order[y.sheet] {
			return order[x.sheet] < order[y.sheet]
		}
		if x.row != y.row {
			return x.row < y.row
		}
		return x.col < y.col
	})
	notes := map[string]map[string]excelize.Comment{}
	for _, c := range list {
		if _, ok := notes[c.sheet]; !ok {
			cs, err := f.GetComments(c.sheet)
			if err != nil {
				return notesError(c.sheet, err)
			}
			m := map[string]excelize.Comment{}
			for _, cm := range cs {
				m[cm.Cell] = cm
			}
			notes[c.sheet] = m
		}
		if err := a.cell(c, notes[c.sheet]); err != nil {
			return fmt.Errorf("%s!%s: %w", c.sheet, c.cell, err)
		}
	}
	annFixVMLIDMaps(f)
	return nil
}

func (a *annotator) cell(c *annCell, notes map[string]excelize.Comment) error {
	f := a.f
	sev := scoring.Warning
	for _, is := range c.issues {
		if is.Severity == scoring.Error {
			sev = scoring.Error
		}
	}
	orig, err := f.GetCellStyle(c.sheet, c.cell)
	if err != nil {
		return err
	}
	applied := orig // a note without a problem leaves the cell's look alone
	if len(c.issues) > 0 {
		if applied, err = a.highlightStyle(orig, sev); err != nil {
			return err
		}
		if err := f.SetCellStyle(c.sheet, c.cell, c.cell, applied); err != nil {
			return err
		}
	}
	ch := annChange{sheet: c.sheet, cell: c.cell, original: orig, applied: applied}
	ch.fill, ch.applyFill = annFillOf(f, orig)
	var runs []excelize.RichTextRun
	if old, ok := notes[c.cell]; ok {
		// A cell holds one note: keep the assessor's above ours, and
		// record it so that the next annotation puts it back alone.
		ch.hadNote, ch.oldAuthor, ch.oldNote = true, old.Author, annCommentText(old)
		ch.oldWidth, ch.oldHeight = old.Width, old.Height
		if err := f.DeleteComment(c.sheet, c.cell); err != nil {
			return notesError(c.sheet, err)
		}
		dropNoteShapes(f, c.sheet, c.col, c.row)
		runs = append(runs, excelize.RichTextRun{Text: ch.oldNote + "\n\n", Font: &excelize.Font{Size: 9, Family: a.family}})
	}
	if c.info != "" {
		sep := ""
		if len(c.issues) > 0 {
			sep = "\n\n"
		}
		runs = append(runs, excelize.RichTextRun{Text: escapeXString(c.info) + sep, Font: &excelize.Font{Size: 9, Family: a.family}})
	}
	runs = append(runs, annNoteRuns(c.issues, a.family)...)
	lines := 0
	for _, r := range runs {
		lines += wrappedLines(r.Text, annCommentW/7.0)
	}
	if err := f.AddComment(c.sheet, excelize.Comment{
		Cell: c.cell, Author: "sovscore", Paragraph: runs,
		Width: annCommentW, Height: uint(min(600, 16+14*lines)),
	}); err != nil {
		return notesError(c.sheet, err)
	}
	a.changes = append(a.changes, ch)
	return nil
}

// notesError is the error for notes (comments) excelize cannot read or
// write: a damaged notes part or note drawing.
func notesError(sheet string, err error) error {
	return &AnnotateError{Err: fmt.Errorf("notes of %s: %w", sheet, err),
		Message: fmt.Sprintf("the notes (comments) of sheet %s cannot be read: their part in the workbook is damaged; "+
			"open the workbook in Excel or LibreOffice, check the notes of that sheet, save it again and score it again", sheet)}
}

// annCommentText flattens a note to plain text.
func annCommentText(c excelize.Comment) string {
	var b strings.Builder
	b.WriteString(c.Text)
	for _, r := range c.Paragraph {
		b.WriteString(r.Text)
	}
	return b.String()
}

// annNoteRuns renders a cell's problems as a note: each as a bold title
// ("Error: answer-invalid") and its message, which says how to fix it.
func annNoteRuns(issues []scoring.Issue, family string) []excelize.RichTextRun {
	var runs []excelize.RichTextRun
	used := 0
	for i, is := range issues {
		sep := ""
		if i > 0 {
			sep = "\n\n"
		}
		title := fmt.Sprintf("%s%s: %s\n", sep, annSeverityWord(is.Severity), is.Code)
		msg := escapeXString(is.Message)
		if used+utf16Len(title)+utf16Len(msg) > annMaxComment {
			runs = append(runs, excelize.RichTextRun{Text: "\n\n…", Font: &excelize.Font{Size: 9, Family: family}})
			break
		}
		used += utf16Len(title) + utf16Len(msg)
		color := annWarnFont
		if is.Severity == scoring.Error {
			color = annErrorFont
		}
		runs = append(runs,
			excelize.RichTextRun{Text: title, Font: &excelize.Font{Bold: true, Size: 9, Color: color, Family: family}},
			excelize.RichTextRun{Text: msg, Font: &excelize.Font{Size: 9, Family: family}})
	}
	return runs
}

type annHighlightKey struct {
	style int
	sev   scoring.Severity
}

// highlightStyle returns a style exactly like orig (font, border,
// alignment, number format, protection) but for the fill of the severity
// (see withFillOf).
func (a *annotator) highlightStyle(orig int, sev scoring.Severity) (int, error) {
	k := annHighlightKey{orig, sev}
	if id, ok := a.highlight[k]; ok {
		return id, nil
	}
	color := annWarnFill
	if sev == scoring.Error {
		color = annErrorFill
	}
	// A style with only the fill yields the fill's index.
	fillOnly, err := a.f.NewStyle(&excelize.Style{Fill: annFill(color)})
	if err != nil {
		return 0, err
	}
	id := withFillOf(a.f, orig, fillOnly)
	a.highlight[k] = id
	return id, nil
}
