package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook"
)

func runGen(args []string, s *streams) int {
	fs := newFlags("gen", "-n N -o DIR [options]", `Write N synthetic, filled assessment workbooks for tests and benchmarks:
random answers in every accepted form, confidences, justifications with
(src: ...) citations, sources, and a share of workbooks with typical
mistakes. The same --seed gives the same files.`, s)
	n := fs.IntP("count", "n", 100, "number of workbooks")
	out := fs.StringP("out", "o", "", "directory to write into (required)")
	seed := fs.Uint64("seed", 1, "random seed")
	mistakes := fs.Float64("mistakes", 0.1, "share of workbooks with mistakes, 0..1")
	jobs := fs.IntP("jobs", "j", 0, "workbooks written in parallel (default: number of CPUs)")
	if code, ok := parse(fs, args, s); !ok {
		return code
	}
	if *out == "" || *n < 1 || *mistakes < 0 || *mistakes > 1 {
		fmt.Fprintln(s.Err, "sovscore gen: give -n N (N >= 1), -o DIR and --mistakes between 0 and 1")
		return exitUsage
	}
	if *jobs < 1 {
		*jobs = runtime.NumCPU()
	}
	fw := framework()
	ow := newOutputWriter(nil)
	errs := make([]error, *n)
	forEach(context.Background(), *n, *jobs, func(i int) {
		a := generateAssessment(fw, *seed, i, *mistakes)
		path := filepath.Join(*out, fmt.Sprintf("provider-%05d.xlsx", i+1))
		errs[i] = ow.write(context.Background(), path, func(w io.Writer) error { return workbook.WriteTemplate(w, fw, a) })
	})
	for _, err := range errs {
		if err != nil {
			return fail(s, "gen", err)
		}
	}
	fmt.Fprintf(s.Err, "wrote %d workbook(s) into %s\n", *n, *out)
	return exitOK
}

var (
	genPrefixes = []string{"Nordlys", "Société", "Müller", "Łódź", "Castellum", "Atlantica", "Vltava", "Dunărea", "Åland", "Ébène", "Kraków", "Zürich", "Porto", "Tallinn", "Brightsky", "Nimbus"}
	genSuffixes = []string{"Cloud", "Data", "Hosting", "Compute", "Datacentres", "Numérique", "Rechenzentrum", "Systems"}
	genForms    = []string{"SAS", "GmbH", "Sp. z o.o.", "S.A.", "B.V.", "Oy", "AB", "SpA", "Inc."}
	genConfs    = []string{"high", "medium", "low"}
)

// generateAssessment makes the i-th synthetic assessment. It depends only on
// (seed, i), so workbooks can be generated in any order or in parallel.
func generateAssessment(fw *scoring.Framework, seed uint64, i int, mistakes float64) *scoring.Assessment {
	rng := rand.New(rand.NewPCG(seed, uint64(i)))
	pick := func(l []string) string { return l[rng.IntN(len(l))] }
	name := fmt.Sprintf("%s %s %s", pick(genPrefixes), pick(genSuffixes), pick(genForms))
	host := fmt.Sprintf("provider%05d.example", i+1)
	a := &scoring.Assessment{}
	a.Provider.Name.Text = name
	a.Provider.Service.Text = "Synthetic IaaS offer " + fmt.Sprint(i+1)
	a.Provider.Assessor.Text = "sovscore gen"
	a.Provider.Date.Text = fmt.Sprintf("2026-%02d-%02d", 1+rng.IntN(12), 1+rng.IntN(28))
	a.Provider.Notes.Text = "Synthetic assessment generated for tests and benchmarks."
	flawed := rng.Float64() < mistakes
	// EU-leaning or not: answers cluster around a provider-wide level.
	level := rng.Float64()
	for fi, f := range fw.Factors() {
		n := 1 + int(level*float64(len(f.Answers))+rng.NormFloat64())
		n = max(1, min(len(f.Answers), n))
		ans := f.Answers[n-1]
		var text string
		switch rng.IntN(6) {
		case 0:
			text = fmt.Sprint(n)
		case 1:
			text = fmt.Sprintf("%d. %s", n, strings.ToLower(ans.Text()))
		case 2:
			if len(f.Matches(ans.Text())) == 1 {
				text = ans.Text()
			} else {
				text = ans.Display()
			}
		case 3:
			text = fmt.Sprintf("\u00a0%s\u200b", ans.Display()) // pasted from a web page
		default:
			text = ans.Display()
		}
		conf := pick(genConfs)
		src := fmt.Sprintf("https://%s/docs/%s", host, strings.ToLower(f.ID))
		just := fmt.Sprintf("%s: %s, per the provider's documentation -> opt%d (src: %s).", f.Name, ans.Text(), n, src)
		sources := fmt.Sprintf("https://%s/contract\nhttps://%s/trust/%d", host, host, fi)
		if flawed && rng.IntN(8) == 0 {
			switch rng.IntN(6) {
			case 0:
				text = ""
			case 1:
				text = fmt.Sprint(len(f.Answers) + 1)
			case 2:
				conf = "very high"
			case 3:
				sources = "javascript:alert(1)"
			case 4:
				just = fmt.Sprintf("Claimed -> opt%d.", 1+(n%len(f.Answers)))
			case 5:
				sources = "http://" + host + "/old"
			}
		}
		a.Factors = append(a.Factors, scoring.FactorEntry{ID: f.ID,
			Answer: scoring.EntryCell{Text: text}, Confidence: scoring.EntryCell{Text: conf},
			Justification: scoring.EntryCell{Text: just}, Sources: scoring.EntryCell{Text: sources}})
	}
	if flawed && rng.IntN(4) == 0 {
		a.Provider.Name.Text = ""
	}
	return a
}
