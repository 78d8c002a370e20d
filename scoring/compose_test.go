package scoring

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stacked is an assessment of file by provider/service naming hostRef as
// its host ("" for none), every factor at its best answer.
func stacked(fw *Framework, file, provider, service, hostRef string) *Assessment {
	a := validAssessment(fw)
	a.File = file
	a.SHA256 = fmt.Sprintf("%064x", len(file))
	a.Provider.Name.Text = provider
	a.Provider.Service = Field{Text: service, Loc: Location{Sheet: "Cover", Cell: "B5"}}
	a.Provider.HostAssessment = Field{Text: hostRef, Loc: Location{Sheet: "Cover", Cell: "B11"}}
	return a
}

func answer(a *Assessment, id, text string) {
	e, _ := a.Entry(id)
	e.Answer.Text = text
}

// evaluateAll evaluates assessments under one profile.
func evaluateAll(t *testing.T, p *Profile, as ...*Assessment) []*Result {
	t.Helper()
	out := make([]*Result, len(as))
	for i, a := range as {
		out[i] = Evaluate(Default(), a, p)
	}
	return out
}

func codes(r *Result) []string {
	var out []string
	for _, is := range r.Issues {
		out = append(out, is.Code)
	}
	return out
}

// TestComposeRules has one case per rule of the effective answer: the
// host's answer and the service's, and what counts.
func TestComposeRules(t *testing.T) {
	fw := Default()
	p := mustProfile(t, fw, "")
	tests := []struct {
		name       string
		id         string
		hostAnswer string // "" keeps the best answer
		own        string // the service's answer
		want       int
		inherited  bool
		capped     bool
	}{
		{"infrastructure blank takes the host's", "SOV-8.1", "3", "", 3, true, false},
		{"infrastructure inherited takes the host's", "SOV-5.1", "2", "inherited", 2, true, false},
		{"infrastructure own answer below the host's counts", "SOV-8.1", "4", "2", 2, false, false},
		{"infrastructure own answer equal to the host's counts", "SOV-8.1", "4", "4", 4, false, false},
		{"infrastructure own answer above the host's is capped", "SOV-8.1", "3", "5", 3, true, true},
		{"composite: the lower, the service's", "SOV-3.4", "5", "3", 3, false, false},
		{"composite: the lower, the host's", "SOV-3.4", "2", "5", 2, true, true},
		{"service: the service's own, whatever the host's", "SOV-7.1", "1", "5", 5, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := stacked(fw, "in/iaas.xlsx", "Ferrum Cloud", "IaaS", "")
			if tc.hostAnswer != "" {
				answer(h, tc.id, tc.hostAnswer)
			}
			s := stacked(fw, "in/paas.xlsx", "Vela", "PaaS", "Ferrum Cloud")
			answer(s, tc.id, tc.own)
			rs := evaluateAll(t, p, h, s)
			Compose(rs, nil)
			host, svc := rs[0], rs[1]
			assert.Empty(t, host.Hosts)
			hf, _ := host.FactorResult(tc.id)
			fr, _ := svc.FactorResult(tc.id)
			f, _ := fw.Factor(tc.id)
			ans, _ := f.Answer(tc.want)
			assert.Equal(t, tc.want, fr.Option)
			assert.Equal(t, ans.Points, fr.Points)
			assert.Equal(t, ans.SEAL, fr.SEAL)
			assert.Equal(t, hf.Option, int(fr.HostOption))
			assert.Equal(t, f.Layer, fr.Layer)
			assert.Equal(t, tc.capped, fr.Capped)
			if tc.inherited {
				assert.Equal(t, "Ferrum Cloud", fr.InheritedFrom)
			} else {
				assert.Empty(t, fr.InheritedFrom)
			}
			var claim []Issue
			for _, is := range svc.Issues {
				if is.Code == CodeClaimAboveHost {
					claim = append(claim, is)
				}
			}
			if tc.capped {
				require.Len(t, claim, 1)
				e, _ := s.Entry(tc.id)
				assert.Equal(t, Warning, claim[0].Severity)
				assert.Equal(t, e.Loc(e.Answer).Cell, claim[0].Cell, "on the service's answer cell")
				assert.Contains(t, claim[0].Message, fmt.Sprintf("%s: answer %s", tc.id, tc.own))
				assert.Contains(t, claim[0].Message, fmt.Sprintf("host's answer %d", tc.want))
				assert.Contains(t, fr.Issues, claim[0])
			} else {
				assert.Empty(t, claim)
			}
			assert.True(t, svc.Complete)
			assert.True(t, svc.Eligible, "%v", svc.Issues)
			assert.Equal(t, []HostRef{{Provider: "Ferrum Cloud", Service: "IaaS", File: "in/iaas.xlsx", SHA256: h.SHA256, Level: 1}}, svc.Hosts)
		})
	}
}

// TestComposeRederivesTheOutcome: what the host brings sets the
// objectives, score, SEALs and eligibility; the host's evidence comes
// with an inherited answer.
func TestComposeRederivesTheOutcome(t *testing.T) {
	fw := Default()
	strict, err := fw.ParseProfile([]byte("name: t\nbase: eucsf-1.2.1\nmin_seal: {SOV-8: 4}\n"), false)
	require.NoError(t, err)
	h := stacked(fw, "iaas.xlsx", "Ferrum Cloud", "IaaS", "")
	answer(h, "SOV-8.2", "3") // SEAL-3
	e, _ := h.Entry("SOV-8.2")
	e.Confidence.Text, e.Sources.Text = "low", "https://ferrum.example/recycling"
	s := stacked(fw, "paas.xlsx", "Vela", "PaaS", "Ferrum Cloud")
	answer(s, "SOV-8.2", "")
	rs := evaluateAll(t, strict, h, s)
	before := *rs[1]
	assert.False(t, before.Complete, "before composition the factor is left to the host")
	Compose(rs, nil)
	svc := rs[1]
	o, _ := svc.Objective("SOV-8")
	assert.Equal(t, 3, o.SEAL)
	assert.Equal(t, []string{"SOV-8.2"}, o.BoundBy)
	assert.True(t, svc.Complete)
	assert.False(t, svc.Eligible, "the host's SEAL-3 fails the minimum SEAL-4")
	require.Len(t, svc.Reasons, 1)
	assert.Contains(t, svc.Reasons[0].Message, "SOV-8 reaches SEAL-3 because of SOV-8.2")
	assert.Equal(t, rs[0].Score, svc.Score, "same answers as the host everywhere that counts")
	fr, _ := svc.FactorResult("SOV-8.2")
	assert.Equal(t, "low", fr.Confidence)
	assert.Equal(t, []string{"https://ferrum.example/recycling"}, fr.Sources)
	assert.Equal(t, []string{"SOV-8.2"}, svc.Evidence.ToConfirm)
	assert.Equal(t, 0, int(fr.OwnOption))
}

// TestComposeChain: a SaaS on a PaaS on an IaaS, given in any order; the
// chain is listed nearest first and an inherited answer names the
// assessment it comes from.
func TestComposeChain(t *testing.T) {
	fw := Default()
	p := mustProfile(t, fw, "")
	iaas := stacked(fw, "d/iaas.xlsx", "Ferrum Cloud", "IaaS", "")
	answer(iaas, "SOV-5.1", "3")
	answer(iaas, "SOV-3.4", "4")
	paas := stacked(fw, "d/paas.xlsx", "Vela", "PaaS", "Ferrum Cloud")
	answer(paas, "SOV-5.1", "inherited")
	answer(paas, "SOV-3.4", "5") // composite, above the host's: capped
	saas := stacked(fw, "d/saas.xlsx", "Lumen", "Docs", "paas.xlsx")
	answer(saas, "SOV-5.1", "")
	rs := evaluateAll(t, p, saas, paas, iaas)
	Compose(rs, nil)
	s := rs[0]
	assert.Equal(t, []HostRef{
		{Provider: "Vela", Service: "PaaS", File: "d/paas.xlsx", SHA256: paas.SHA256, Level: 1},
		{Provider: "Ferrum Cloud", Service: "IaaS", File: "d/iaas.xlsx", SHA256: iaas.SHA256, Level: 2},
	}, s.Hosts)
	f51, _ := s.FactorResult("SOV-5.1")
	assert.Equal(t, 3, f51.Option)
	assert.Equal(t, "Ferrum Cloud", f51.InheritedFrom, "where the answer was assessed")
	f34, _ := s.FactorResult("SOV-3.4")
	assert.Equal(t, 4, f34.Option, "the PaaS was capped to the IaaS's answer, and the SaaS to the PaaS's")
	assert.Equal(t, 4, int(f34.HostOption))
	assert.True(t, f34.Capped)
	assert.Equal(t, "Ferrum Cloud", f34.InheritedFrom)
	assert.Contains(t, codes(s), CodeClaimAboveHost)
	assert.True(t, s.Eligible)
	assert.Len(t, rs[1].Hosts, 1)
}

// TestComposeSeveralHosts: with two hosts the lowest answer counts, and
// it names the host it comes from.
func TestComposeSeveralHosts(t *testing.T) {
	fw := Default()
	p := mustProfile(t, fw, "")
	a := stacked(fw, "a.xlsx", "Alpha", "IaaS", "")
	answer(a, "SOV-8.1", "4")
	answer(a, "SOV-5.2", "2")
	b := stacked(fw, "b.xlsx", "Beta", "Storage", "")
	answer(b, "SOV-8.1", "3")
	s := stacked(fw, "s.xlsx", "Svc", "SaaS", "Alpha; b.xlsx ;")
	answer(s, "SOV-8.1", "")
	answer(s, "SOV-5.2", "")
	rs := evaluateAll(t, p, a, b, s)
	Compose(rs, nil)
	svc := rs[2]
	f81, _ := svc.FactorResult("SOV-8.1")
	assert.Equal(t, 3, f81.Option)
	assert.Equal(t, "Beta", f81.InheritedFrom)
	f52, _ := svc.FactorResult("SOV-5.2")
	assert.Equal(t, 2, f52.Option)
	assert.Equal(t, "Alpha", f52.InheritedFrom)
	require.Len(t, svc.Hosts, 2)
	assert.Equal(t, []string{"Alpha", "Beta"}, []string{svc.Hosts[0].Provider, svc.Hosts[1].Provider})
	assert.Equal(t, 1, svc.Hosts[1].Level)
	assert.Empty(t, svc.Issues)
}

// TestComposeProblems: one case per problem code of a host reference.
func TestComposeProblems(t *testing.T) {
	fw := Default()
	p := mustProfile(t, fw, "")
	tests := []struct {
		name  string
		build func() []*Assessment // the service is the first
		code  string
		sev   Severity
		inMsg string
	}{
		{"name not found", func() []*Assessment {
			return []*Assessment{stacked(fw, "s.xlsx", "Svc", "SaaS", "Nobody Cloud")}
		}, CodeHostMissing, Error, `"Nobody Cloud" is not among the workbooks scored`},
		{"file not found", func() []*Assessment {
			return []*Assessment{stacked(fw, "dir/s.xlsx", "Svc", "SaaS", "../hosts/iaas.xlsx"), stacked(fw, "dir/iaas.xlsx", "Ferrum", "IaaS", "")}
		}, CodeHostMissing, Error, "looked for as hosts/iaas.xlsx"},
		{"name of two workbooks", func() []*Assessment {
			return []*Assessment{stacked(fw, "s.xlsx", "Svc", "SaaS", "Ferrum"),
				stacked(fw, "a.xlsx", "Ferrum", "IaaS", ""), stacked(fw, "b.xlsx", "Ferrum", "Storage", "")}
		}, CodeHostAmbiguous, Error, "matches 2 workbooks (a.xlsx, b.xlsx)"},
		{"a loop of two", func() []*Assessment {
			return []*Assessment{stacked(fw, "s.xlsx", "Svc", "SaaS", "Ferrum"), stacked(fw, "a.xlsx", "Ferrum", "IaaS", "Svc")}
		}, CodeHostCycle, Error, "(Svc -> Ferrum -> Svc)"},
		{"itself", func() []*Assessment {
			return []*Assessment{stacked(fw, "s.xlsx", "Svc", "SaaS", "s.xlsx")}
		}, CodeHostCycle, Error, "(Svc -> Svc)"},
		{"host with errors", func() []*Assessment {
			h := stacked(fw, "a.xlsx", "Ferrum", "IaaS", "")
			e, _ := h.Entry("SOV-1.1")
			e.Confidence.Text = "sure"
			return []*Assessment{stacked(fw, "s.xlsx", "Svc", "SaaS", "Ferrum"), h}
		}, CodeHostInvalid, Warning, `"Ferrum" (a.xlsx) has 1 error(s)`},
		{"incomplete host", func() []*Assessment {
			h := stacked(fw, "a.xlsx", "Ferrum", "IaaS", "")
			answer(h, "SOV-2.1", "")
			answer(h, "SOV-2.2", "")
			return []*Assessment{stacked(fw, "s.xlsx", "Svc", "SaaS", "Ferrum"), h}
		}, CodeHostInvalid, Warning, "2 error(s) and 2 unanswered factor(s)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs := evaluateAll(t, p, tc.build()...)
			Compose(rs, nil)
			s := rs[0]
			var hit *Issue
			for i := range s.Issues {
				if s.Issues[i].Code == tc.code {
					hit = &s.Issues[i]
				}
			}
			require.NotNil(t, hit, "want %s, got %v", tc.code, s.Issues)
			assert.Equal(t, tc.sev, hit.Severity)
			assert.Equal(t, "Cover", hit.Sheet)
			assert.Equal(t, "B11", hit.Cell, "on the Host assessment cell")
			assert.Contains(t, hit.Message, tc.inMsg)
			assert.False(t, s.Eligible, "a service whose host cannot be resolved or relied on is not eligible")
		})
	}
}

// TestComposeInvalidHostCountsAsUnanswered: the factors a service takes
// from a host it cannot rely on count as unanswered; its service factors
// keep its own answers.
func TestComposeInvalidHostCountsAsUnanswered(t *testing.T) {
	fw := Default()
	p := mustProfile(t, fw, "")
	h := stacked(fw, "a.xlsx", "Ferrum", "IaaS", "")
	answer(h, "SOV-1.1", "")
	s := stacked(fw, "s.xlsx", "Svc", "SaaS", "Ferrum")
	answer(s, "SOV-8.1", "")
	rs := evaluateAll(t, p, h, s)
	Compose(rs, nil)
	svc := rs[1]
	for _, fr := range svc.Factors {
		if fr.Layer == LayerService {
			assert.Equal(t, int(fr.OwnOption), fr.Option, fr.Factor.ID)
			continue
		}
		assert.Equal(t, 0, fr.Option, fr.Factor.ID)
		assert.Equal(t, -1, fr.SEAL, fr.Factor.ID)
	}
	assert.False(t, svc.Complete)
	assert.Equal(t, 27, svc.Unanswered(), "7 infrastructure and 20 composite factors")
	assert.Equal(t, []string{CodeHostInvalid}, codes(svc), "a warning only: the service's own workbook is right")
}

// TestComposeLoopDependents: a service on a host caught in a loop sees
// a host with errors.
func TestComposeLoopDependents(t *testing.T) {
	fw := Default()
	p := mustProfile(t, fw, "")
	rs := evaluateAll(t, p,
		stacked(fw, "a.xlsx", "A", "x", "B"),
		stacked(fw, "b.xlsx", "B", "x", "A"),
		stacked(fw, "c.xlsx", "C", "x", "A"))
	Compose(rs, nil)
	assert.Contains(t, codes(rs[0]), CodeHostCycle)
	assert.Contains(t, codes(rs[1]), CodeHostCycle)
	assert.Equal(t, []string{CodeHostInvalid}, codes(rs[2]))
	assert.Equal(t, "A", rs[2].Hosts[0].Provider)
	assert.Empty(t, rs[0].Hosts, "a loop is no chain")
}

// TestComposeHostsOnly: assessments given as hosts only are used and
// composed, and a name may carry the service to pick one offer.
func TestComposeHostsOnly(t *testing.T) {
	fw := Default()
	p := mustProfile(t, fw, "")
	iaas := stacked(fw, "hosts/iaas.xlsx", "Ferrum", "IaaS", "")
	answer(iaas, "SOV-8.4", "2")
	storage := stacked(fw, "hosts/storage.xlsx", "Ferrum", "Object storage", "Ferrum / IaaS")
	s := stacked(fw, "run/s.xlsx", "Svc", "SaaS", "ferrum / object storage")
	answer(s, "SOV-8.4", "")
	rs := evaluateAll(t, p, s)
	hosts := evaluateAll(t, p, storage, iaas)
	Compose(rs, hosts)
	fr, _ := rs[0].FactorResult("SOV-8.4")
	assert.Equal(t, 2, fr.Option)
	assert.Equal(t, "Ferrum", fr.InheritedFrom)
	require.Len(t, rs[0].Hosts, 2)
	assert.Equal(t, "Object storage", rs[0].Hosts[0].Service)
	assert.Equal(t, "IaaS", rs[0].Hosts[1].Service)
	assert.Empty(t, rs[0].Issues)
}

// TestComposeOwnProviderName: a provider naming its other offer by its
// provider name does not match itself.
func TestComposeOwnProviderName(t *testing.T) {
	fw := Default()
	p := mustProfile(t, fw, "")
	rs := evaluateAll(t, p, stacked(fw, "paas.xlsx", "Castellum", "PaaS", "Castellum"), stacked(fw, "iaas.xlsx", "Castellum", "IaaS", ""))
	Compose(rs, nil)
	assert.Empty(t, rs[0].Issues)
	require.Len(t, rs[0].Hosts, 1)
	assert.Equal(t, "IaaS", rs[0].Hosts[0].Service)
}

// TestComposeProfileOverride: a factor a profile reclassifies as
// service-level is the service's own, even above the host's.
func TestComposeProfileOverride(t *testing.T) {
	fw := Default()
	p, err := fw.ParseProfile([]byte("name: t\nbase: eucsf-1.2.1\nlayers: {SOV-5.4: service, SOV-7.1: composite}\n"), false)
	require.NoError(t, err)
	h := stacked(fw, "a.xlsx", "Ferrum", "IaaS", "")
	answer(h, "SOV-5.4", "2")
	answer(h, "SOV-7.1", "3")
	rs := evaluateAll(t, p, h, stacked(fw, "s.xlsx", "Svc", "SaaS", "Ferrum"))
	Compose(rs, nil)
	f54, _ := rs[1].FactorResult("SOV-5.4")
	assert.Equal(t, LayerService, f54.Layer)
	assert.Equal(t, 5, f54.Option)
	assert.Equal(t, 2, int(f54.HostOption))
	f71, _ := rs[1].FactorResult("SOV-7.1")
	assert.Equal(t, LayerComposite, f71.Layer)
	assert.Equal(t, 3, f71.Option)
	assert.True(t, f71.Capped)
}

// TestComposeWithoutHostsChangesNothing: a run where no workbook names a
// host scores exactly as without Compose.
func TestComposeWithoutHostsChangesNothing(t *testing.T) {
	fw := Default()
	p := mustProfile(t, fw, "")
	a := validAssessment(fw)
	answer(a, "SOV-5.1", "2")
	answer(a, "SOV-3.4", "")
	want := Evaluate(fw, a, p)
	rs := evaluateAll(t, p, a)
	Compose(rs, nil)
	assert.Equal(t, want, rs[0])
	for _, fr := range rs[0].Factors {
		assert.Equal(t, fr.Option, int(fr.OwnOption))
		assert.Zero(t, fr.HostOption)
		assert.Empty(t, fr.InheritedFrom)
	}
}

func TestHostReferences(t *testing.T) {
	p := ProviderInfo{HostAssessment: Field{Text: " Ferrum Cloud ;\u00a0iaas.xlsx;; ../x/y.xlsx "}}
	assert.Equal(t, []string{"Ferrum Cloud", "iaas.xlsx", "../x/y.xlsx"}, p.HostReferences())
	assert.Empty(t, ProviderInfo{}.HostReferences())
	assert.Equal(t, pathKey(filepath.Join("a", "b.xlsx")), pathKey("a/./c/../b.xlsx"))
}
