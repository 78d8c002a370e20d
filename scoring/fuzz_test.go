package scoring

import (
	"math"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// knownCodes are the problem codes Evaluate may report.
var knownCodes = map[string]bool{
	CodeFileUnreadable: true, CodeSheetMissing: true, CodeSheetDuplicate: true, CodeColumnMissing: true,
	CodeFactorMissing: true, CodeFactorDuplicate: true, CodeFactorUnknown: true, CodeFactorMisplaced: true,
	CodeCellUnreadable: true, CodeFormula: true, CodeProviderMissing: true, CodeFrameworkVersion: true, CodeDateInvalid: true,
	CodeAnswerMissing: true, CodeAnswerInvalid: true, CodeAnswerAmbiguous: true, CodeAnswerLabel: true,
	CodeConfidenceMissing: true, CodeConfidenceInvalid: true, CodeJustificationEmpty: true,
	CodeSourceInvalid: true, CodeSourceScheme: true, CodeSourceInsecure: true, CodeSourceDuplicate: true,
	CodeSourceMissing: true, CodeSourceDead: true, CodeClaimMismatch: true,
}

// answerSeeds are answer texts in every form assessors use, and forms
// that must be refused.
func answerSeeds(fw *Framework) []string {
	seeds := []string{"", " ", "\u00a0", "4", " 4 ", "4.", "4)", "4:", "4 -", "4 – text", "04", "004", "0004",
		"4.0", "4.5", "4a", "+4", "-4", "0", "99999999999999999999", "\uff14", "\u0664", "\u2074", "4\u0301",
		"\u200f4", "4\ufe0f\u20e3", "=4", "'4", "4\n5", "high", "\xff\xfe", "4. \xff"}
	for _, f := range fw.Factors()[:6] {
		for _, a := range f.Answers {
			seeds = append(seeds, a.Display(), a.Label, a.Text(), strings.ToUpper(a.Text())+".")
		}
	}
	return seeds
}

// FuzzParseAnswer: for any text and every factor, ParseAnswer returns an
// option on the factor's ladder or 0 with an error, never panics, and says
// why in valid UTF-8.
func FuzzParseAnswer(f *testing.F) {
	fw := Default()
	for _, s := range answerSeeds(fw) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, fc := range fw.Factors() {
			n, prob := ParseAnswer(fc, raw)
			if n == 0 {
				require.NotNil(t, prob, "%s %q: no option and no problem", fc.ID, raw)
				require.Equal(t, Error, prob.Severity, "%s %q", fc.ID, raw)
				require.Contains(t, []string{CodeAnswerMissing, CodeAnswerInvalid, CodeAnswerAmbiguous}, prob.Code)
				require.Equal(t, Normalize(raw) == "", prob.Code == CodeAnswerMissing, "%s %q", fc.ID, raw)
			} else {
				_, ok := fc.Answer(n)
				require.True(t, ok, "%s %q: option %d is off the ladder", fc.ID, raw, n)
				if prob != nil {
					require.Equal(t, Warning, prob.Severity)
					require.Equal(t, CodeAnswerLabel, prob.Code)
				}
			}
			if prob != nil {
				require.NotEmpty(t, prob.Message)
				require.True(t, utf8.ValidString(prob.Message), "%q", prob.Message)
			}
			n2, _ := ParseAnswer(fc, raw)
			require.Equal(t, n, n2, "not deterministic")
		}
	})
}

// FuzzSources: SplitSources and CitedSources never panic, and an
// assessment with the text in every field evaluates to options on the
// ladders, a finite score and only http(s) sources; every problem has a
// known code, a location and a readable message.
func FuzzSources(f *testing.F) {
	for _, s := range []string{
		"https://a.example/x", "https://a.example/x; http://b.example/y, https://c.example\nhttps://d.example",
		"See (src: https://a.example, https://b.example/p(1)).", "(src: (src: https://a.example))", "(src:)",
		"javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "https://", "//host/path",
		"https://[::1]:443/", "HTTPS://A.EXAMPLE/", "https://a.example/%zz", "\u00a0https://a.example\u200b",
		"a.example", "https://a.example/ https://a.example", ",,;;\t", "-> opt4 (seal 3)", "opt 99 (seal-9)",
		"http://user:pw@host:99999/", "https://a.example/\xff", "(src: https://a.example/" + strings.Repeat("(", 20),
	} {
		f.Add(s)
	}
	fw := Default()
	p, err := fw.ResolveProfile("")
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, text string) {
		// The ASCII path splits without normalising; it must give what
		// splitting the normalised text gives.
		require.Equal(t, splitNormalized(text), SplitSources(text), "%q", text)
		for _, s := range SplitSources(text) {
			require.NotEmpty(t, s)
			require.False(t, strings.ContainsAny(s, "; \n\t"), "%q", s)
			require.False(t, strings.HasSuffix(s, ","), "%q", s)
		}
		CitedSources(text)

		// The text everywhere, then the text as justification and sources
		// of valid, confident answers, so the source and claim checks run.
		for _, a := range []*Assessment{fuzzAssessment(fw, text, false), fuzzAssessment(fw, text, true)} {
			r := Evaluate(fw, a, p)
			require.False(t, math.IsNaN(r.Score) || math.IsInf(r.Score, 0), "score %v", r.Score)
			require.True(t, r.Score >= -1e-9 && r.Score <= 100+1e-9, "score %v", r.Score)
			for _, fr := range r.Factors {
				if fr.Option != 0 {
					_, ok := fr.Factor.Answer(fr.Option)
					require.True(t, ok, "%s option %d", fr.Factor.ID, fr.Option)
				}
				require.LessOrEqual(t, fr.Points, fr.Max)
				for _, s := range fr.Sources {
					if pr := sourceProblem(s); pr != nil {
						require.Equal(t, Warning, pr.Severity, "%q accepted with %v", s, pr)
					}
					u, err := url.Parse(s)
					require.NoError(t, err)
					require.Contains(t, []string{"http", "https"}, strings.ToLower(u.Scheme), s)
				}
			}
			for _, is := range r.Issues {
				require.True(t, knownCodes[is.Code], is.Code)
				require.NotEmpty(t, is.Sheet, is.String())
				require.NotEmpty(t, is.Message)
				require.True(t, utf8.ValidString(is.Message), "%q", is.Message)
			}
		}
	})
}

// fuzzAssessment puts text in every field, each field at its own cell;
// with answered, the answers are valid and confident and text goes to the
// justification and sources only.
func fuzzAssessment(fw *Framework, text string, answered bool) *Assessment {
	at := func(sheet, cell string) Field { return Field{Text: text, Loc: Location{Sheet: sheet, Cell: cell}} }
	a := &Assessment{File: "fuzz.xlsx"}
	a.Provider = ProviderInfo{Name: at("Cover", "B4"), Service: at("Cover", "B5"), Assessor: at("Cover", "B6"),
		Date: at("Cover", "B7"), FrameworkVersion: at("Cover", "B8"), Hosting: at("Cover", "B9"),
		HostingQualifications: at("Cover", "B10"), Notes: at("Cover", "B11")}
	for _, o := range fw.Objectives {
		for i, f := range o.Factors {
			row := strconv.Itoa(5 + i)
			cell := func(col int16) EntryCell { return EntryCell{Text: text, Row: int32(5 + i), Col: col} }
			e := FactorEntry{ID: f.ID, Row: Location{Sheet: o.ID, Cell: "A" + row},
				Answer: cell(4), Confidence: cell(5), Justification: cell(6), Sources: cell(7)}
			if answered {
				e.Answer.Text = f.Answers[i%len(f.Answers)].Display()
				e.Confidence.Text = "high"
			}
			a.Factors = append(a.Factors, e)
		}
	}
	return a
}

// FuzzNormalize: the ASCII fast path of Normalize gives what the Unicode
// path gives, and Normalize is idempotent.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", " ", "a", "a b", "a  b", " a", "a ", "4. Entirely within the EU", "x\ty", "é", "ｆｕｌｌ", "a\u00a0b", "tab\t", "~!@#$%^&*()_+{}|:\"<>?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Normalize(s)
		require.Equal(t, normalize(s), got, "%q", s)
		require.Equal(t, got, Normalize(got), "not idempotent: %q", s)
	})
}

// splitNormalized is SplitSources without its ASCII shortcut.
func splitNormalized(s string) []string {
	out := []string{}
	for _, x := range strings.FieldsFunc(Normalize(s), func(r rune) bool {
		return r == ';' || r == ' ' || r == '\n' || r == '\t'
	}) {
		if x = strings.TrimRight(x, ","); x != "" {
			out = append(out, x)
		}
	}
	return out
}
