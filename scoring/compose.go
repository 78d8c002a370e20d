package scoring

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// Composition: a service (a PaaS, a SaaS) assessed on top of the
// assessment of the host it runs on. The CSF defines no such rule; this is
// sovscore's own convention, after the trusted schemes' principle of
// composition (SecNumCloud 3.2, BSI C5 SSO-05, OSCAL leveraged
// authorizations), and every report that applies it says so.

// HostRef identifies one host assessment a result was composed with.
type HostRef struct {
	Provider string
	Service  string
	File     string
	SHA256   string
	// Date is the host's assessment date, YYYY-MM-DD, "" when unknown.
	Date string
	// Level is 1 for a host the workbook names itself, 2 for a host of
	// that host, and so on.
	Level int
}

// HostReferences splits the cover's Host assessment into its references:
// workbook file names or provider names, separated by ";".
func (p ProviderInfo) HostReferences() []string {
	var out []string
	for _, s := range strings.Split(p.HostAssessment.Text, ";") {
		if s = Normalize(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Compose resolves the host assessments each result names on its Cover
// and gives every factor its effective answer, then derives the
// objectives, score, SEALs and eligibility again. results are the
// workbooks of the run; hosts are further assessments used only as hosts
// (they are composed too, but are not meant to be ranked). Call it once,
// after Evaluate and before Rank.
//
// A reference is a workbook file name, relative to the folder of the
// workbook that names it, when it ends in ".xlsx"; otherwise the provider
// name of another assessment, with " / " and the service when the provider
// has several. Chains resolve (a SaaS on a PaaS on an IaaS): hosts are
// composed before the services on them. A reference that matches nothing
// is a host-missing error, one that matches several a host-ambiguous
// error, hosts that name each other in a loop a host-cycle error.
//
// The effective answer of a factor depends on its class (Profile.LayerOf):
//   - infrastructure: blank or "inherited" takes the host's answer; an own
//     answer counts only up to the host's;
//   - composite: the service answers; the lower of its answer and the
//     host's counts;
//   - service: the service's own; the host's answer is context only.
//
// With several hosts the lowest of their answers counts. An own answer
// above the host's is capped to it, with a claim-above-host warning on the
// answer cell. A host with errors, or incomplete, gets a host-invalid
// warning on the service, and its answers count as unanswered there.
// Every ladder is monotone, so a lower answer number never has more points
// or a higher SEAL: "the lower answer" is well defined.
func Compose(results []*Result, hosts []*Result) {
	c := &composer{}
	named := false
	for _, r := range append(append([]*Result{}, results...), hosts...) {
		if r != nil {
			c.nodes = append(c.nodes, r)
			named = named || len(r.Provider.HostReferences()) > 0
		}
	}
	if !named {
		return // the common case: nothing to compose
	}
	n := len(c.nodes)
	c.keys = make([]string, n)
	for i, r := range c.nodes {
		c.keys[i] = pathKey(r.File)
	}
	c.edges = make([][]int, n)
	c.pending = make([]Issues, n)
	for i := range c.nodes {
		c.resolve(i)
	}
	for _, scc := range c.components() {
		c.compose(scc)
	}
}

// composer holds one Compose call.
type composer struct {
	nodes []*Result
	keys  []string // path keys of the nodes' files
	// edges are each node's resolved hosts, in the order named.
	edges [][]int
	// pending are the problems found for each node, added when it is
	// composed.
	pending []Issues
	// comp is each node's strongly connected component (set by
	// components); a component of several nodes is a loop.
	comp []int
}

// pathKey is the form in which workbook paths are compared.
func pathKey(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}

func nameKey(s string) string { return strings.ToLower(Normalize(s)) }

// label names an assessment in messages: provider name and file.
func (c *composer) label(i int) string {
	r := c.nodes[i]
	return fmt.Sprintf("%q (%s)", r.ProviderName(), filepath.Base(r.File))
}

// hostIssue is a problem of node i's Host assessment cell.
func (c *composer) hostIssue(i int, sev Severity, code, msg string) {
	loc := c.nodes[i].Provider.HostAssessment.Loc
	c.pending[i] = append(c.pending[i], Issue{Severity: sev, Code: code, Sheet: loc.Sheet, Cell: loc.Cell, Message: msg})
}

// resolve finds the hosts node i names.
func (c *composer) resolve(i int) {
	r := c.nodes[i]
	for _, ref := range r.Provider.HostReferences() {
		var cands []int
		if strings.HasSuffix(strings.ToLower(ref), ".xlsx") {
			want := pathKey(filepath.Join(filepath.Dir(r.File), filepath.FromSlash(ref)))
			for j := range c.nodes {
				if c.keys[j] == want {
					cands = append(cands, j)
					break
				}
			}
			if len(cands) == 0 {
				c.hostIssue(i, Error, CodeHostMissing, fmt.Sprintf(
					"the host workbook %q is not among the workbooks scored (it was looked for as %s, relative to this workbook's folder): correct the file name, or score the host in the same run or pass its folder with --hosts",
					Clip(ref, 80), filepath.ToSlash(filepath.Join(filepath.Dir(r.File), filepath.FromSlash(ref)))))
				continue
			}
		} else {
			cands = c.byName(i, ref)
			switch len(cands) {
			case 0:
				c.hostIssue(i, Error, CodeHostMissing, fmt.Sprintf(
					"the host assessment %q is not among the workbooks scored: write the host's provider name as on its Cover (with \" / \" and the service when the provider has several) or its workbook file name, and score the host in the same run or pass its folder with --hosts",
					Clip(ref, 80)))
				continue
			case 1:
			default:
				files := make([]string, len(cands))
				for k, j := range cands {
					files[k] = filepath.Base(c.nodes[j].File)
				}
				c.hostIssue(i, Error, CodeHostAmbiguous, fmt.Sprintf(
					"the host assessment %q matches %d workbooks (%s): write \"Provider / Service\" as on the host's Cover, or the host workbook's file name",
					Clip(ref, 80), len(cands), strings.Join(files, ", ")))
				continue
			}
		}
		if j := cands[0]; !slices.Contains(c.edges[i], j) {
			c.edges[i] = append(c.edges[i], j)
		}
	}
}

// byName finds the assessments whose provider name is ref, or whose
// provider and service are ref's parts around a " / ". Node i itself
// matches only when nothing else does: a provider with two offers may
// name its other offer by its provider name.
func (c *composer) byName(i int, ref string) []int {
	match := func(ok func(r *Result) bool) []int {
		var out []int
		self := false
		for j, r := range c.nodes {
			if ok(r) {
				if j == i {
					self = true
					continue
				}
				out = append(out, j)
			}
		}
		if len(out) == 0 && self {
			return []int{i}
		}
		return out
	}
	key := nameKey(ref)
	if out := match(func(r *Result) bool { return nameKey(r.ProviderName()) == key }); len(out) > 0 {
		return out
	}
	var out []int
	for k := 0; k < len(ref); k++ {
		if !strings.HasPrefix(ref[k:], " / ") {
			continue
		}
		prov, svc := nameKey(ref[:k]), nameKey(ref[k+3:])
		for _, j := range match(func(r *Result) bool {
			return nameKey(r.ProviderName()) == prov && nameKey(r.Provider.Service.Text) == svc
		}) {
			if !slices.Contains(out, j) {
				out = append(out, j)
			}
		}
	}
	return out
}

// components returns the strongly connected components of the host graph
// (Tarjan's algorithm) in the order they are completed, which puts every
// host before the services that name it. It sets c.comp.
func (c *composer) components() [][]int {
	n := len(c.nodes)
	index, low := make([]int, n), make([]int, n)
	onStack := make([]bool, n)
	c.comp = make([]int, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	var out [][]int
	next := 0
	var visit func(v int)
	visit = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range c.edges[v] {
			switch {
			case index[w] < 0:
				visit(w)
				low[v] = min(low[v], low[w])
			case onStack[w]:
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] != index[v] {
			return
		}
		var scc []int
		for {
			w := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[w] = false
			c.comp[w] = len(out)
			scc = append(scc, w)
			if w == v {
				break
			}
		}
		slices.Sort(scc) // input order within a component, for stable messages
		out = append(out, scc)
	}
	for v := range n {
		if index[v] < 0 {
			visit(v)
		}
	}
	return out
}

// inLoop reports whether host j of node i is part of a loop with it.
func (c *composer) inLoop(i, j int) bool { return c.comp[i] == c.comp[j] }

// loop describes the shortest loop from node i back to itself, as
// "A -> B -> A".
func (c *composer) loop(i int) string {
	prev := map[int]int{}
	queue := []int{i}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, w := range c.edges[v] {
			if !c.inLoop(i, w) {
				continue
			}
			if w == i {
				path := []int{i}
				for u := v; u != i; u = prev[u] {
					path = append(path, u)
				}
				path = append(path, i)
				names := make([]string, len(path))
				for k := range path {
					names[k] = c.nodes[path[len(path)-1-k]].ProviderName()
				}
				return strings.Join(names, " -> ")
			}
			if _, seen := prev[w]; !seen {
				prev[w] = v
				queue = append(queue, w)
			}
		}
	}
	return c.nodes[i].ProviderName()
}

// compose composes the nodes of one component, whose hosts outside it
// are already composed.
func (c *composer) compose(scc []int) {
	for _, i := range scc {
		if slices.Contains(c.edges[i], i) || len(scc) > 1 {
			c.hostIssue(i, Error, CodeHostCycle, fmt.Sprintf(
				"the host assessments name each other in a loop (%s): a service cannot run on itself, directly or through others; correct the Host assessment of one of them",
				c.loop(i)))
		}
	}
	for _, i := range scc {
		c.composeOne(i)
	}
}

// host is one usable host of a service while it is composed.
type host struct {
	r *Result
	// valid is false for a host with errors or unanswered factors: its
	// answers then count as unanswered.
	valid bool
}

func (c *composer) composeOne(i int) {
	r := c.nodes[i]
	if len(r.Provider.HostReferences()) == 0 {
		return
	}
	var hosts []host
	for _, j := range c.edges[i] {
		if c.inLoop(i, j) {
			continue // the loop is an error; its members are no hosts
		}
		h := c.nodes[j]
		valid := h.Issues.Errors() == 0 && h.Complete
		if !valid {
			c.hostIssue(i, Warning, CodeHostInvalid, fmt.Sprintf(
				"the host assessment %s has %s: its answers cannot be relied on, so the infrastructure and composite factors this service takes from it count as unanswered; fix the host's assessment and score both again",
				c.label(j), invalidWhy(h)))
		}
		hosts = append(hosts, host{r: h, valid: valid})
	}
	issues := c.pending[i]
	for k := range r.Factors {
		if is, ok := composeFactor(&r.Factors[k], hosts); ok {
			issues = append(issues, is)
		}
	}
	r.Hosts = c.chain(i)
	if len(issues) > 0 {
		r.AddIssues(issues...) // derives everything again
	} else {
		r.score()
	}
}

// invalidWhy says why a host cannot be relied on.
func invalidWhy(h *Result) string {
	var parts []string
	if e := h.Issues.Errors(); e > 0 {
		parts = append(parts, fmt.Sprintf("%d error(s)", e))
	}
	if n := h.Unanswered(); n > 0 || !h.Complete {
		parts = append(parts, fmt.Sprintf("%d unanswered factor(s)", n))
	}
	return strings.Join(parts, " and ")
}

// chain lists the hosts of node i, nearest first, each once.
func (c *composer) chain(i int) []HostRef {
	var out []HostRef
	seen := map[int]bool{i: true}
	level := []int{i}
	for depth := 1; len(level) > 0; depth++ {
		var next []int
		for _, v := range level {
			for _, w := range c.edges[v] {
				if seen[w] || c.inLoop(v, w) {
					continue
				}
				seen[w] = true
				h := c.nodes[w]
				out = append(out, HostRef{Provider: h.ProviderName(), Service: Normalize(h.Provider.Service.Text),
					File: h.File, SHA256: h.SHA256, Date: h.Date, Level: depth})
				next = append(next, w)
			}
		}
		level = next
	}
	return out
}

// composeFactor sets a factor's effective answer from its hosts and
// returns the claim-above-host warning when its own answer was capped.
func composeFactor(fr *FactorResult, hosts []host) (Issue, bool) {
	if len(hosts) == 0 {
		return Issue{}, false // no usable host: the own answer stands
	}
	// The lowest answer over the hosts; an unusable host's is 0.
	low, from := -1, (*FactorResult)(nil)
	var fromHost *Result
	for _, h := range hosts {
		hf, ok := h.r.FactorResult(fr.Factor.ID)
		o := 0
		if ok && h.valid {
			o = hf.Option
		}
		if low < 0 || o < low {
			low, from, fromHost = o, hf, h.r
		}
	}
	fr.HostOption = int16(low)
	origin := fromHost.ProviderName()
	if from != nil && from.InheritedFrom != "" {
		origin = from.InheritedFrom
	}
	if fr.Layer == LayerService {
		return Issue{}, false
	}
	switch {
	case fr.pending:
		fr.setOption(low)
		if low > 0 {
			fr.InheritedFrom = origin
			fr.Confidence = from.Confidence
			fr.Sources = append([]string(nil), from.Sources...)
		}
	case fr.OwnOption == 0:
		// No usable own answer: its problem is already reported.
	case low == 0:
		fr.setOption(0)
	case int(fr.OwnOption) > low:
		fr.setOption(low)
		fr.Capped, fr.InheritedFrom = true, origin
		own, _ := fr.Factor.Answer(int(fr.OwnOption))
		capped, _ := fr.Factor.Answer(low)
		why := "an infrastructure factor is the host's fact, and a service cannot be better than the infrastructure it runs on"
		if fr.Layer == LayerComposite {
			why = "both layers count on a composite factor, and the weaker one sets it"
		}
		var loc Location
		if fr.Entry != nil {
			loc = fr.Entry.Loc(fr.Entry.Answer)
		}
		return Issue{Severity: Warning, Code: CodeClaimAboveHost, Sheet: loc.Sheet, Cell: loc.Cell, Factor: fr.Factor.ID,
			Message: fmt.Sprintf("answer %d (%s) is above the host's answer %d (%s) in the assessment of %s; %s, so answer %d was scored (sovscore's composition rule). Lower the answer, or have the host's assessment corrected",
				fr.OwnOption, Clip(own.Text(), 60), low, Clip(capped.Text(), 60), origin, why, low)}, true
	}
	return Issue{}, false
}

// setOption sets the effective answer; 0 is none.
func (fr *FactorResult) setOption(n int) {
	fr.Option, fr.Points, fr.SEAL = 0, 0, -1
	if a, ok := fr.Factor.Answer(n); ok {
		fr.Option, fr.Points, fr.SEAL = n, a.Points, a.SEAL
	}
}

// Name is how reports name a host: "Provider / Service", or the provider
// alone when its Cover names no service.
func (h HostRef) Name() string {
	if h.Service == "" {
		return h.Provider
	}
	return h.Provider + " / " + h.Service
}

// HostedOn names the hosts the workbook names itself (level 1), separated
// by "; "; "" when it names none.
func (s *Summary) HostedOn() string {
	var out []string
	for _, h := range s.Hosts {
		if h.Level == 1 {
			out = append(out, h.Name())
		}
	}
	return strings.Join(out, "; ")
}
