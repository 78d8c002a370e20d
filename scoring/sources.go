package scoring

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Source is one cited source and where it was cited.
type Source struct {
	URL string
	// InJustification is true for "(src: URL)" citations.
	InJustification bool
}

// srcCitation matches "(src: URL)" and "(src: URL1, URL2)" in justifications.
var srcCitation = regexp.MustCompile(`(?i)\(\s*src\s*:\s*([^()]*(?:\([^()]*\)[^()]*)*)\)`)

// SplitSources splits the Sources column: one per line, or separated by
// ";", "," followed by a space, or white space.
func SplitSources(s string) []string {
	sep := func(r rune) bool { return r == ';' || r == ' ' || r == '\n' || r == '\t' }
	if isASCII(s) {
		// On ASCII, Normalize only folds white space into single spaces,
		// and white space separates sources anyway: splitting s itself
		// gives the same sources without copying it, and a result keeps
		// them for the whole run.
		sep = func(r rune) bool { return r == ';' || r == ' ' || (r >= '\t' && r <= '\r') }
	} else {
		s = Normalize(s)
	}
	f := strings.FieldsFunc(s, sep)
	out := f[:0]
	for _, x := range f {
		x = strings.TrimRight(x, ",")
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// isASCII reports whether s has no byte above 0x7F.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// CitedSources returns the URLs cited as "(src: ...)" in a justification.
func CitedSources(justification string) []string {
	var out []string
	for _, m := range srcCitation.FindAllStringSubmatch(justification, -1) {
		for _, u := range SplitSources(strings.ReplaceAll(m[1], ", ", " ")) {
			out = append(out, strings.TrimRight(u, ".,"))
		}
	}
	return out
}

// WithoutCitations removes the "(src: ...)" citations from a
// justification, for text that joins several justifications while their
// sources are listed once elsewhere (a URL cited twice in one cell is a
// source-duplicate warning).
func WithoutCitations(justification string) string {
	s := srcCitation.ReplaceAllString(justification, "")
	return strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, " .", "."), "  ", " "))
}

// sourceProblem checks one source. Only absolute http(s) URLs with a host
// are accepted: the workbook is untrusted and its links end up clickable in
// reports, so other schemes (javascript:, file:, data:) are refused.
func sourceProblem(raw string) *AnswerProblem {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		hint := ""
		if err == nil && strings.Contains(raw, ".") && !strings.Contains(raw, ":") {
			hint = fmt.Sprintf(" (did you mean https://%s ?)", raw)
		}
		return &AnswerProblem{CodeSourceInvalid, Error,
			fmt.Sprintf("source %q is not an absolute URL%s; write it as https://host/path", Clip(raw, 80), hint)}
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if u.Host == "" {
			break
		}
		return &AnswerProblem{CodeSourceInsecure, Warning,
			fmt.Sprintf("source %q uses plain http; use https:// if the site offers it", Clip(raw, 80))}
	default:
		return &AnswerProblem{CodeSourceScheme, Error,
			fmt.Sprintf("source %q uses the %s: scheme; only http(s) URLs are accepted as sources", Clip(raw, 80), strings.ToLower(u.Scheme))}
	}
	if u.Host == "" || u.Hostname() == "" {
		return &AnswerProblem{CodeSourceInvalid, Error,
			fmt.Sprintf("source %q has no host; write it as https://host/path", Clip(raw, 80))}
	}
	return nil
}
