// Package report renders scored assessments: PDF scorecards and
// comparisons, and the machine-readable outputs (results.json, results.csv,
// providers.csv) and the Markdown table form. Every writer takes an
// io.Writer; the package never creates files.
package report

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// RunInfo names the tool that produced a machine-readable output, so a
// results.json can be traced to the version that computed it, and the
// procurement procedure the run belongs to.
type RunInfo struct {
	ToolName    string
	ToolVersion string
	// Dossier is the --dossier of the run, nil when none was given;
	// results.json records it.
	Dossier *Dossier
}

// The results.json contract. Field names and order are read by later tools
// and outside checks: add fields, never rename or remove one. Explicit
// structs (not maps) keep the field order stable.

type jsonDoc struct {
	Tool      jsonTool      `json:"tool"`
	Framework jsonFramework `json:"framework"`
	Profile   *jsonProfile  `json:"profile"`
	Summary   jsonSummary   `json:"summary"`
	// Composition names the rule when some provider was composed with
	// its host's assessment; absent otherwise.
	Composition string `json:"composition,omitempty"`
	// Note is scoring.NoMinimumNote when the profile sets no minimum
	// SEAL; absent otherwise.
	Note string `json:"note,omitempty"`
	// Dossier is the procedure the run belongs to (--dossier); absent
	// without one.
	Dossier *jsonDossier `json:"dossier,omitempty"`
	// Robustness is how the ranking depends on the method; absent when
	// there is no provider.
	Robustness *jsonRobustness `json:"robustness,omitempty"`
	// Providers stays the last field: WriteJSON streams it.
	Providers []jsonProvider `json:"providers"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonFramework struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonProfile struct {
	Name        string           `json:"name"`
	Description string           `json:"description"`
	Source      string           `json:"source"`
	Weights     ordered[float64] `json:"weights"`
	Divisor     string           `json:"divisor"`
	MinSEAL     ordered[int]     `json:"min_seal"`
	// Layers are the profile's overrides of factor classes, in
	// framework order; {} when it has none.
	Layers ordered[string] `json:"layers"`
	// HasMinimum is false when no objective has a minimum SEAL: eligible
	// then means complete and free of errors.
	HasMinimum bool `json:"has_minimum"`
	// TieBreak are the keys that order equal published scores ("seal"
	// or objective IDs); [] when equal scores share a rank.
	TieBreak []string `json:"tie_break"`
	// SHA256 identifies the method: the hash of the profile's canonical
	// form (scoring.Profile.Canonical).
	SHA256 string `json:"sha256"`
}

type jsonSummary struct {
	Providers int `json:"providers"`
	Eligible  int `json:"eligible"`
	Errors    int `json:"errors"`
	Warnings  int `json:"warnings"`
}

type jsonProvider struct {
	File     string `json:"file"`
	SHA256   string `json:"sha256"`
	Provider string `json:"provider"`
	Service  string `json:"service"`
	Assessor string `json:"assessor"`
	// Date is the assessment date as YYYY-MM-DD, "" when the cover has
	// none that can be read; DateText is the cover's text when it differs
	// (another accepted form, or one that cannot be read).
	Date     string `json:"date"`
	DateText string `json:"date_text,omitempty"`
	// Notes are the cover's notes, as written.
	Notes string `json:"notes"`
	// Hosts is the resolved chain of host assessments, nearest first.
	Hosts    []jsonHost `json:"hosts"`
	Complete bool       `json:"complete"`
	// Score in percent, 2 decimals.
	Score float64 `json:"score"`
	// SEAL overall, -1 when nothing could be scored.
	SEAL            int          `json:"seal"`
	SEALProvisional bool         `json:"seal_provisional"`
	Eligible        bool         `json:"eligible"`
	Rank            int          `json:"rank"`
	Reasons         []jsonReason `json:"reasons"`
	// Fragile lists, for an eligible provider, the factors where an
	// answer one rung lower would make it ineligible.
	Fragile    []string        `json:"fragile"`
	Evidence   jsonEvidence    `json:"evidence"`
	Errors     int             `json:"errors"`
	Warnings   int             `json:"warnings"`
	Objectives []jsonObjective `json:"objectives"`
	Factors    []jsonFactor    `json:"factors"`
	Issues     []jsonIssue     `json:"issues"`
}

type jsonReason struct {
	Code      string `json:"code"`
	Objective string `json:"objective,omitempty"`
	// Required and Achieved are pointers because SEAL-0 is a real value
	// and must not vanish under omitempty; they are set for SEAL reasons only.
	Required *int `json:"required,omitempty"`
	Achieved *int `json:"achieved,omitempty"`
	// Factors are, for SEAL reasons, the factors whose SEAL sets the
	// objective's.
	Factors []string `json:"factors,omitempty"`
	Message string   `json:"message"`
}

// jsonEvidence is scoring.Evidence.
type jsonEvidence struct {
	High      int      `json:"high"`
	Medium    int      `json:"medium"`
	Low       int      `json:"low"`
	Unsourced int      `json:"unsourced"`
	ToConfirm []string `json:"to_confirm"`
}

type jsonObjective struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	Points       float64 `json:"points"`
	Max          float64 `json:"max"`
	Ratio        float64 `json:"ratio"`
	Weight       float64 `json:"weight"`
	Contribution float64 `json:"contribution"`
	SEAL         int     `json:"seal"`
	MinSEAL      int     `json:"min_seal"`
	Pass         bool    `json:"pass"`
	Complete     bool    `json:"complete"`
	// Status is the outcome against the profile (scoring.ObjectiveStatus):
	// "errors", "incomplete", "below minimum", "no minimum" or "pass".
	Status string `json:"status"`
	// BoundBy are the factors whose SEAL is the objective's.
	BoundBy []string `json:"bound_by"`
	// Errors counts the errors on the objective's factors.
	Errors int `json:"errors"`
}

type jsonFactor struct {
	ID            string      `json:"id"`
	Option        int         `json:"option"`
	Answer        string      `json:"answer"`
	AnswerText    string      `json:"answer_text"`
	Points        float64     `json:"points"`
	Max           float64     `json:"max"`
	SEAL          int         `json:"seal"`
	Layer         string      `json:"layer"`
	OwnOption     int         `json:"own_option"`
	HostOption    int         `json:"host_option"`
	InheritedFrom string      `json:"inherited_from"`
	Capped        bool        `json:"capped"`
	Confidence    string      `json:"confidence"`
	Sources       []string    `json:"sources"`
	Justification string      `json:"justification"`
	Issues        []jsonIssue `json:"issues"`
}

type jsonIssue struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Sheet    string `json:"sheet"`
	Cell     string `json:"cell"`
	Factor   string `json:"factor"`
	Message  string `json:"message"`
}

// WriteJSON writes results.json: the tool, framework and profile used, a
// summary, and every provider in the order given with its objectives,
// factors and issues. Equal input gives byte-identical output (no
// timestamps, fixed field order, rounded floats).
//
// fw and p may be nil; they are then taken from the first result.
func WriteJSON(w io.Writer, info RunInfo, fw *scoring.Framework, p *scoring.Profile, results []*scoring.Result) error {
	if fw == nil && len(results) > 0 {
		fw = results[0].Framework
	}
	if p == nil && len(results) > 0 {
		p = results[0].Profile
	}
	head := jsonDoc{Tool: jsonTool{Name: info.ToolName, Version: info.ToolVersion}}
	if fw != nil {
		head.Framework = jsonFramework{Name: fw.Name, Version: fw.Version}
	}
	if p != nil {
		head.Profile = profileJSON(fw, p)
		if !p.HasMinimum() {
			head.Note = scoring.NoMinimumNote
		}
	}
	head.Composition = compositionNote(results)
	head.Dossier = dossierJSON(info.Dossier)
	head.Robustness = robustnessJSON(fw, p, results)
	for _, r := range results {
		head.Summary.Providers++
		if r.Eligible {
			head.Summary.Eligible++
		}
		head.Summary.Errors += r.Issues.Errors()
		head.Summary.Warnings += r.Issues.Warnings()
	}

	// Providers are encoded one at a time, so memory stays at one
	// provider's worth whatever the number of workbooks; the bytes are
	// those json.Encoder would give for the whole document.
	bw := bufio.NewWriterSize(w, 64<<10)
	fail := func(err error) error { return fmt.Errorf("report: results.json: %w", err) }
	hb, err := encodeJSON(head, "", "  ")
	if err != nil {
		return fail(err)
	}
	// head ends with `"providers": null` or `[]`: reopen the array.
	hb = bytes.TrimSuffix(bytes.TrimSuffix(hb, []byte("\n}")), []byte("null"))
	hb = bytes.TrimSuffix(hb, []byte("[]"))
	bw.Write(hb)
	if len(results) == 0 {
		bw.WriteString("[]\n}\n")
		return flushErr(bw, fail)
	}
	bw.WriteString("[")
	for i, r := range results {
		pb, err := encodeJSON(providerJSON(r), "    ", "  ")
		if err != nil {
			return fail(err)
		}
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n    ")
		bw.Write(pb)
	}
	bw.WriteString("\n  ]\n}\n")
	return flushErr(bw, fail)
}

func flushErr(bw *bufio.Writer, fail func(error) error) error {
	if err := bw.Flush(); err != nil {
		return fail(err)
	}
	return nil
}

func profileJSON(fw *scoring.Framework, p *scoring.Profile) *jsonProfile {
	jp := &jsonProfile{
		Name: p.Name, Description: p.Description, Source: p.Source, Divisor: string(p.Divisor),
		Weights: ordered[float64]{}, MinSEAL: ordered[int]{},
	}
	for _, id := range objectiveIDs(fw, p) {
		jp.Weights = append(jp.Weights, keyValue[float64]{id, p.Weights[id]})
		jp.MinSEAL = append(jp.MinSEAL, keyValue[int]{id, p.MinSEAL[id]})
	}
	jp.Layers = layersJSON(fw, p)
	jp.HasMinimum = p.HasMinimum()
	jp.TieBreak = append([]string{}, p.TieBreak...)
	jp.SHA256 = p.SHA256()
	return jp
}

// objectiveIDs lists the objective IDs in framework order; without a
// framework, the profile's keys sorted by number.
func objectiveIDs(fw *scoring.Framework, p *scoring.Profile) []string {
	var ids []string
	if fw != nil {
		for _, o := range fw.Objectives {
			ids = append(ids, o.ID)
		}
		return ids
	}
	for id := range p.Weights {
		ids = append(ids, id)
	}
	sortObjectiveIDs(ids)
	return ids
}

func providerJSON(r *scoring.Result) jsonProvider {
	jp := jsonProvider{
		File: r.File, SHA256: r.SHA256, Provider: r.ProviderName(),
		Service:  scoring.Normalize(r.Provider.Service.Text),
		Assessor: scoring.Normalize(r.Provider.Assessor.Text),
		Date:     r.Date, Notes: coverNotes(r.Provider.Notes.Text),
		Hosts:    hostsJSON(r.Hosts),
		Complete: r.Complete, Score: round(r.Score, 2), SEAL: r.SEAL, SEALProvisional: r.Provisional,
		Eligible: r.Eligible, Rank: r.Rank,
		Reasons: make([]jsonReason, 0, len(r.Reasons)),
		Fragile: append([]string{}, r.Fragile...),
		Evidence: jsonEvidence{High: r.Evidence.High, Medium: r.Evidence.Medium, Low: r.Evidence.Low,
			Unsourced: r.Evidence.Unsourced, ToConfirm: append([]string{}, r.Evidence.ToConfirm...)},
		Errors: r.Issues.Errors(), Warnings: r.Issues.Warnings(),
		Objectives: make([]jsonObjective, 0, len(r.Objectives)),
		Factors:    make([]jsonFactor, 0, len(r.Factors)),
		Issues:     issuesJSON(r.Issues),
	}
	if text := scoring.Normalize(r.Provider.Date.Text); text != r.Date {
		jp.DateText = text
	}
	if !r.Eligible {
		jp.Rank = 0
	}
	for _, rs := range r.Reasons {
		jr := jsonReason{Code: rs.Code, Objective: rs.Objective, Factors: rs.Factors, Message: rs.Message}
		if rs.Code == scoring.ReasonSEAL {
			req, ach := rs.Required, rs.Achieved
			jr.Required, jr.Achieved = &req, &ach
		}
		jp.Reasons = append(jp.Reasons, jr)
	}
	for _, o := range r.Objectives {
		jp.Objectives = append(jp.Objectives, jsonObjective{
			ID: o.Objective.ID, Name: o.Objective.Name,
			Points: o.Points.Float(), Max: o.Max.Float(), Ratio: round(o.Ratio, 4),
			Weight: o.Weight, Contribution: round(o.Contribution, 4),
			SEAL: o.SEAL, MinSEAL: o.MinSEAL, Pass: o.Pass, Complete: o.Complete,
			Status: string(o.Status()), BoundBy: append([]string{}, o.BoundBy...), Errors: o.Errors,
		})
	}
	for _, f := range r.Factors {
		jf := jsonFactor{
			ID: f.Factor.ID, Option: f.Option, Points: f.Points.Float(), Max: f.Max.Float(),
			SEAL: f.SEAL, Layer: f.Layer.String(), OwnOption: int(f.OwnOption), HostOption: int(f.HostOption),
			InheritedFrom: f.InheritedFrom, Capped: f.Capped, Confidence: f.Confidence,
			Sources: append([]string{}, f.Sources...),
			Issues:  issuesJSON(f.Issues),
		}
		if a, ok := f.Answer(); ok {
			jf.Answer = a.Display()
		}
		if f.Entry != nil {
			jf.AnswerText = f.Entry.Answer.Text
			jf.Justification = f.Entry.Justification.Text
		}
		jp.Factors = append(jp.Factors, jf)
	}
	return jp
}

// issuesJSON never returns nil, so the array is [] rather than null.
func issuesJSON(l scoring.Issues) []jsonIssue {
	out := make([]jsonIssue, 0, len(l))
	for _, i := range l {
		out = append(out, jsonIssue{Severity: i.Severity.String(), Code: i.Code,
			Sheet: i.Sheet, Cell: i.Cell, Factor: i.Factor, Message: i.Message})
	}
	return out
}

// round rounds half away from zero to the given number of decimals, so
// that the JSON carries the figures the reports show.
func round(x float64, decimals int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	p := math.Pow(10, float64(decimals))
	return math.Round(x*p) / p
}

// keyValue is one member of an ordered JSON object.
type keyValue[V any] struct {
	Key   string
	Value V
}

// ordered is a JSON object whose keys keep the slice's order (framework
// order for objectives and factors): a Go map would sort them as strings,
// putting SOV-10 before SOV-2.
type ordered[V any] []keyValue[V]

// MarshalJSON writes the pairs as an object in slice order.
func (o ordered[V]) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kv := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, err := encodeJSON(kv.Key, "", "")
		if err != nil {
			return nil, err
		}
		vb, err := encodeJSON(kv.Value, "", "")
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// encodeJSON is how every JSON output is encoded: json.Encoder without
// HTML escapes, indented with prefix and indent (none when both are
// empty), without the final newline. Justifications are full of "->";
// \u003e escapes would only hurt readability, and the output is never
// embedded in HTML. marshalOrdered uses it too, so that a file name with
// "&" reads the same everywhere in a document.
func encodeJSON(v any, prefix, indent string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, indent)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// coverNotes is the cover's notes as written, without the white space
// around them and with one kind of line end.
func coverNotes(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

// sortObjectiveIDs sorts "SOV-n" IDs by their number, others after them
// in string order.
func sortObjectiveIDs(ids []string) {
	num := func(id string) int {
		if rest, ok := strings.CutPrefix(id, "SOV-"); ok {
			if n, err := strconv.Atoi(rest); err == nil {
				return n
			}
		}
		return math.MaxInt
	}
	slices.SortFunc(ids, func(a, b string) int {
		return cmp.Or(cmp.Compare(num(a), num(b)), strings.Compare(a, b))
	})
}
