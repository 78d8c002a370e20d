package main

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
)

func TestLinkChecker(t *testing.T) {
	var headNoGet, inFlight, maxInFlight atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) })
	mux.HandleFunc("/nohead", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			headNoGet.Add(1)
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/count/", func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for {
			m := maxInFlight.Load()
			if n <= m || maxInFlight.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		inFlight.Add(-1)
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusFound) })
	srv := httptest.NewServer(mux)
	defer srv.Close()

	c := newLinkChecker(300*time.Millisecond, 8)
	urls := []string{srv.URL + "/ok", srv.URL + "/gone", srv.URL + "/broken", srv.URL + "/nohead", srv.URL + "/slow", srv.URL + "/redirect"}
	for i := 0; i < 10; i++ {
		urls = append(urls, srv.URL+"/count/"+string(rune('a'+i)))
	}
	st := c.check(context.Background(), urls)
	assert.False(t, st[srv.URL+"/ok"].Dead)
	assert.False(t, st[srv.URL+"/redirect"].Dead)
	assert.False(t, st[srv.URL+"/nohead"].Dead, "HEAD refused, GET answered")
	assert.Equal(t, int32(1), headNoGet.Load())
	assert.True(t, st[srv.URL+"/gone"].Dead)
	assert.Contains(t, st[srv.URL+"/gone"].Reason, "404")
	assert.Contains(t, st[srv.URL+"/broken"].Reason, "500")
	assert.True(t, st[srv.URL+"/slow"].Dead)
	assert.Contains(t, st[srv.URL+"/slow"].Reason, "time-out")
	assert.LessOrEqual(t, maxInFlight.Load(), int32(2), "per-host limit")

	// DNS failure, without touching a real resolver.
	dnsFail := newLinkChecker(time.Second, 1)
	dnsFail.client.Transport = &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return nil, &net.DNSError{Err: "no such host", Name: "nowhere.invalid", IsNotFound: true}
	}}
	st = dnsFail.check(context.Background(), []string{"https://nowhere.invalid/x"})
	assert.True(t, st["https://nowhere.invalid/x"].Dead)
	assert.Contains(t, st["https://nowhere.invalid/x"].Reason, "does not resolve")
}

func TestApplyLinkCheck(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/dead" {
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	fw := framework()
	a := &scoring.Assessment{}
	a.Provider.Name.Text = "P"
	for _, f := range fw.Factors() {
		a.Factors = append(a.Factors, scoring.FactorEntry{ID: f.ID,
			Answer: scoring.Field{Text: "1"}, Confidence: scoring.Field{Text: "low"},
			Justification: scoring.Field{Text: "x (src: " + srv.URL + "/dead)", Loc: scoring.Location{Sheet: f.Objective.ID, Cell: "F5"}},
			Sources:       scoring.Field{Text: srv.URL + "/alive", Loc: scoring.Location{Sheet: f.Objective.ID, Cell: "G5"}}})
	}
	prof, err := fw.ResolveProfile("")
	require.NoError(t, err)
	r := scoring.Evaluate(fw, a, prof)
	dead := func() (n int, cells []string) {
		for _, is := range r.Issues {
			if is.Code == scoring.CodeSourceDead {
				n++
				cells = append(cells, is.Cell)
			}
		}
		return n, cells
	}
	n, _ := dead()
	require.Zero(t, n)
	checked, nDead := applyLinkCheck(context.Background(), newLinkChecker(time.Second, 4), []*scoring.Result{r})
	assert.Equal(t, 2, checked, "each distinct URL is fetched once")
	assert.Equal(t, 1, nDead)
	n, cells := dead()
	assert.Equal(t, 48, n, "one warning per citing cell")
	for _, c := range cells {
		assert.Equal(t, "F5", c, "on the justification cell that cites it")
	}
	fr, _ := r.FactorResult("SOV-2.1")
	var codes []string
	for _, is := range fr.Issues {
		codes = append(codes, is.Code)
	}
	assert.Contains(t, codes, scoring.CodeSourceDead, "the factor carries its warning too")
	assert.True(t, r.Eligible, "warnings do not change eligibility")
}
