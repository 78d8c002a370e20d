package workbook

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook/cover"
)

// consensusNoteRunes caps each assessor's justification in a note: the
// note is a reminder at the cell, reconcile.pdf has the full text. A
// large panel shares annMaxComment instead.
const consensusNoteRunes = 1500

// WriteConsensus writes the consensus workbook of a reconciliation: the
// assessment template (see NewTemplate) filled with what the assessors
// agree on, for the panel to finish in Excel and score with "sovscore
// score" like any assessment.
//
//   - An agreed factor gets the agreed answer, the lowest confidence any
//     assessor gave, the justification (each assessor's, named, when they
//     differ) and every source cited.
//   - Under composition (every assessment composed with the same hosts,
//     see Reconciliation.AgreedHost) the Cover names those hosts, a
//     factor every assessor left to the host says "inherited", and an own
//     answer every assessor gave is kept as written, for scoring to cap
//     to the host again. Otherwise the effective answers are written, so
//     that the consensus does not depend on a host it could not name.
//   - A divergent factor is left blank, its Answer cell highlighted, with
//     a note listing each assessor's answer, SEAL, confidence and
//     justification.
//   - The Cover names the provider and service (the first workbook's),
//     the panel's assessors, the hosting when all agree, and leaves the
//     assessment date blank: it is the moderation's, with a note saying
//     so. Its Notes say how the workbook was made.
//
// The same reconciliation gives byte-identical output.
func WriteConsensus(w io.Writer, rc *scoring.Reconciliation) (err error) {
	if len(rc.Results) == 0 {
		return fmt.Errorf("consensus workbook: no assessment")
	}
	fw := rc.Results[0].Framework
	if fw == nil {
		fw = scoring.Default()
	}
	f, err := NewTemplate(fw, consensusAssessment(fw, rc))
	if err != nil {
		return fmt.Errorf("consensus workbook: %w", err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("consensus workbook: %w", cerr)
		}
	}()
	if err := consensusNotes(f, rc); err != nil {
		return fmt.Errorf("consensus workbook: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("consensus workbook: write: %w", err)
	}
	return nil
}

// consensusAssessment is what the template is filled with.
func consensusAssessment(fw *scoring.Framework, rc *scoring.Reconciliation) *scoring.Assessment {
	first := rc.Results[0]
	a := &scoring.Assessment{}
	a.Provider.Name.Text = first.Provider.Name.Text
	a.Provider.Service.Text = first.Provider.Service.Text
	a.Provider.Assessor.Text = "Panel: " + strings.Join(rc.Assessors, "; ")
	a.Provider.FrameworkVersion.Text = fw.Version
	a.Provider.Hosting.Text = agreedText(rc, func(p *scoring.ProviderInfo) string { return p.Hosting.Text })
	a.Provider.HostingQualifications.Text = agreedText(rc, func(p *scoring.ProviderInfo) string { return p.HostingQualifications.Text })
	a.Provider.HostAssessment.Text = rc.AgreedHost()
	composed := a.Provider.HostAssessment.Text != ""
	var from []string
	for i, r := range rc.Results {
		d := scoring.Normalize(r.Provider.Date.Text)
		if d == "" {
			d = "no date"
		}
		from = append(from, fmt.Sprintf("%s (%s, %s)", r.File, rc.Assessors[i], d))
	}
	div := len(rc.Factors) - rc.Agreed()
	hostNote := ""
	if composed {
		hostNote = "Factors every assessor left to the host say inherited, and own answers above the host are kept as " +
			"written: score this workbook with its host (beside it or in --hosts), which caps them again. "
	}
	a.Provider.Notes.Text = fitCell(fmt.Sprintf("Consensus workbook made by sovscore reconcile from %d assessments: %s. "+
		"The %d agreed answers are filled in, with the lowest confidence given and every justification. %s"+
		"The %d divergent answers are left blank and highlighted, each assessor's answer, confidence and justification "+
		"in a note on the Answer cell: decide them at the moderation, enter its date as the assessment date, "+
		"then score this workbook with sovscore score.",
		len(rc.Results), strings.Join(from, "; "), rc.Agreed(), hostNote, div))
	for i := range rc.Factors {
		fa := &rc.Factors[i]
		if !fa.Agreed {
			continue
		}
		option := fa.Option
		if composed {
			if fa.LeftToHost() {
				// The panel agrees to rely on the host: so does the
				// consensus, which scoring composes again.
				a.Factors = append(a.Factors, scoring.FactorEntry{ID: fa.Factor.ID, Answer: scoring.EntryCell{Text: scoring.InheritedAnswer}})
				continue
			}
			option = fa.ConsensusOption()
		}
		ans, _ := fa.Factor.Answer(option)
		a.Factors = append(a.Factors, scoring.FactorEntry{ID: fa.Factor.ID,
			Answer:        scoring.EntryCell{Text: ans.Display()},
			Confidence:    scoring.EntryCell{Text: fa.LowestConfidence()},
			Justification: scoring.EntryCell{Text: mergedJustification(rc.Assessors, fa.Answers)},
			Sources:       scoring.EntryCell{Text: mergedSources(fa.Answers)},
		})
	}
	return a
}

// agreedText is a cover value every workbook gives alike, else "".
func agreedText(rc *scoring.Reconciliation, get func(*scoring.ProviderInfo) string) string {
	v := scoring.Normalize(get(&rc.Results[0].Provider))
	for _, r := range rc.Results[1:] {
		if scoring.Normalize(get(&r.Provider)) != v {
			return ""
		}
	}
	return v
}

// mergedJustification is the justification when every assessor wrote the
// same, else each assessor's, named, one after the other, without their
// "(src: ...)" citations: the Sources cell lists every source once.
func mergedJustification(names []string, answers []*scoring.FactorResult) string {
	texts := make([]string, len(answers))
	same := true
	for i, a := range answers {
		if a.Entry != nil {
			texts[i] = a.Entry.Justification.Text
		}
		same = same && scoring.Normalize(texts[i]) == scoring.Normalize(texts[0])
	}
	if same {
		return texts[0]
	}
	var parts []string
	for i, t := range texts {
		if scoring.Normalize(t) != "" {
			parts = append(parts, names[i]+": "+scoring.WithoutCitations(t))
		}
	}
	return fitCell(strings.Join(parts, "\n\n"))
}

// mergedSources lists every valid source the assessors cite, each once,
// in the order first cited.
func mergedSources(answers []*scoring.FactorResult) string {
	var out []string
	for _, a := range answers {
		for _, s := range a.Sources {
			if !slices.ContainsFunc(out, func(o string) bool { return strings.TrimRight(o, "/") == strings.TrimRight(s, "/") }) {
				out = append(out, s)
			}
		}
	}
	return fitCell(strings.Join(out, "\n"))
}

// fitCell shortens text until it fits a cell once written (see
// escapeXString), ending it with "…" when cut.
func fitCell(s string) string {
	for n := maxCellChars; utf16Len(escapeXString(s)) > maxCellChars; n -= 1000 {
		s = clipUTF16(s, n)
	}
	return s
}

// consensusNotes highlights the Answer cell of every divergent factor
// and puts each assessor's view in a note on it, and notes on the
// Cover's date cell that it is the moderation's.
func consensusNotes(f *excelize.File, rc *scoring.Reconciliation) error {
	family, err := f.GetDefaultFont()
	if err != nil {
		return err
	}
	fillOnly, err := f.NewStyle(&excelize.Style{Fill: annFill(annWarnFill)})
	if err != nil {
		return err
	}
	highlight := map[int]int{}
	note := func(sheet, cell string, runs []excelize.RichTextRun) error {
		lines := 0
		for _, r := range runs {
			lines += wrappedLines(r.Text, annCommentW/7.0)
		}
		return f.AddComment(sheet, excelize.Comment{Cell: cell, Author: "sovscore", Paragraph: runs,
			Width: annCommentW, Height: uint(min(600, 16+14*lines))})
	}
	dateCell := tplCell(2, coverFirstRow+slices.Index(cover.Labels, cover.Date))
	if err := note(CoverSheet, dateCell, []excelize.RichTextRun{
		{Text: "Moderation date\n", Font: &excelize.Font{Bold: true, Size: 9, Family: family}},
		{Text: "Enter the date of the moderation meeting that settled this consensus (YYYY-MM-DD).", Font: &excelize.Font{Size: 9, Family: family}},
	}); err != nil {
		return fmt.Errorf("%s!%s: %w", CoverSheet, dateCell, err)
	}
	for _, fa := range rc.Divergent() {
		sheet := fa.Factor.Objective.ID
		cell, ok := answerCell(fa.Factor)
		if !ok {
			continue // not a factor of the template's sheets
		}
		orig, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			return err
		}
		if _, ok := highlight[orig]; !ok {
			highlight[orig] = withFillOf(f, orig, fillOnly)
		}
		if err := f.SetCellStyle(sheet, cell, cell, highlight[orig]); err != nil {
			return err
		}
		if err := note(sheet, cell, divergenceRuns(rc.Assessors, fa, family)); err != nil {
			return fmt.Errorf("%s!%s: %w", sheet, cell, err)
		}
	}
	annFixVMLIDMaps(f)
	return nil
}

// divergenceRuns is the note of a divergent factor: a title, then per
// assessor a bold line with the answer, SEAL and confidence and the
// justification below.
func divergenceRuns(names []string, fa *scoring.FactorAgreement, family string) []excelize.RichTextRun {
	bold := &excelize.Font{Bold: true, Size: 9, Family: family}
	plain := &excelize.Font{Size: 9, Family: family}
	runs := []excelize.RichTextRun{{Text: fmt.Sprintf("%s: the assessors differ (SEAL spread %d). Choose the answer at the moderation.",
		fa.Factor.ID, fa.SEALSpread()), Font: &excelize.Font{Bold: true, Size: 9, Color: annWarnFont, Family: family}}}
	limit := min(consensusNoteRunes, (annMaxComment-1000)/max(1, len(fa.Answers))-200)
	for i, a := range fa.Answers {
		head := "no answer"
		if ans, ok := a.Answer(); ok {
			head = fmt.Sprintf("%s (%s)", ans.Display(), scoring.SEALLabel(a.SEAL, false))
		}
		conf := a.Confidence
		if conf == "" {
			conf = "no confidence"
		}
		runs = append(runs, excelize.RichTextRun{Text: escapeXString(fmt.Sprintf("\n\n%s: %s, %s\n", names[i], head, conf)), Font: bold})
		just := "(no justification)"
		if a.Entry != nil && scoring.Normalize(a.Entry.Justification.Text) != "" {
			just = scoring.Clip(scoring.Normalize(a.Entry.Justification.Text), limit)
		}
		runs = append(runs, excelize.RichTextRun{Text: escapeXString(just), Font: plain})
	}
	return runs
}
