package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook"
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

	c := newLinkChecker(linkOptions{timeout: 300 * time.Millisecond, jobs: 8, allowPrivate: true})
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
	dnsFail := newLinkChecker(linkOptions{timeout: time.Second, jobs: 1})
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
		a.Factors = append(a.Factors, scoring.FactorEntry{ID: f.ID, Row: scoring.Location{Sheet: f.Objective.ID, Cell: "A5"},
			Answer: scoring.EntryCell{Text: "1"}, Confidence: scoring.EntryCell{Text: "low"},
			Justification: scoring.EntryCell{Text: "x (src: " + srv.URL + "/dead)", Row: 5, Col: 6},
			Sources:       scoring.EntryCell{Text: srv.URL + "/alive", Row: 5, Col: 7}})
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
	checked, nDead, _ := applyLinkCheck(context.Background(), newLinkChecker(linkOptions{timeout: time.Second, jobs: 4, allowPrivate: true}), []*scoring.Result{r})
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

// TestLinkOptionsMustBePositive: a zero or negative time-out or job count
// used to disable the time-out or stall the check; they are usage errors.
func TestLinkOptionsMustBePositive(t *testing.T) {
	for _, args := range [][]string{
		{"--link-timeout", "0s"}, {"--link-timeout", "-1s"}, {"--link-jobs", "0"}, {"--link-jobs", "-3"},
		{"--link-deadline", "0s"},
	} {
		t.Run(args[0]+"="+args[1], func(t *testing.T) {
			code, _, stderr := runCmd(t, append([]string{"score", "../../samples/tender/scalingo.xlsx", "--check-links", "-o", t.TempDir()}, args...)...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, stderr, "must be positive")
		})
	}
}

// TestLinkDeadline: links not checked when the overall deadline passes are
// unchecked, not dead, and the check ends at the deadline, not after
// every time-out.
func TestLinkDeadline(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // a tarpit
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	var urls []string
	for i := range 20 {
		urls = append(urls, fmt.Sprintf("%s/slow/%d", srv.URL, i))
	}
	c := newLinkChecker(linkOptions{timeout: time.Hour, jobs: 4, allowPrivate: true})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	st := c.check(ctx, urls)
	assert.Empty(t, st, "nothing is reported dead for want of time")
}

// TestPrivateAddressesRefused: without --allow-private-links, sources on
// loopback (by address or by a name that resolves to it) are not fetched
// and are reported as such; with it, they are checked.
func TestPrivateAddressesRefused(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	_, port, err := net.SplitHostPort(srv.Listener.Addr().String())
	require.NoError(t, err)
	byName := "http://localhost:" + port + "/x"
	urls := []string{srv.URL + "/x", byName}

	st := newLinkChecker(linkOptions{timeout: 5 * time.Second, jobs: 2}).check(context.Background(), urls)
	for _, u := range urls {
		assert.True(t, st[u].Dead, u)
		assert.Contains(t, st[u].Reason, "loopback address", u)
		assert.Contains(t, st[u].Reason, "--allow-private-links", u)
	}
	assert.Zero(t, hits.Load(), "nothing reached the server")

	st = newLinkChecker(linkOptions{timeout: 5 * time.Second, jobs: 2, allowPrivate: true}).check(context.Background(), urls)
	for _, u := range urls {
		assert.False(t, st[u].Dead, u)
	}
	assert.Positive(t, hits.Load())
}

// TestRedirectToPrivateRefused: the address check applies to every
// connection, so a redirect from a public name to a private address is
// refused too. The "public" server is reached through a dialer that maps
// its name to the test server.
func TestRedirectToPrivateRefused(t *testing.T) {
	var hits atomic.Int32
	private := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer private.Close()
	public := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, private.URL+"/secret", http.StatusFound)
	}))
	defer public.Close()
	c := newLinkChecker(linkOptions{timeout: 5 * time.Second, jobs: 1})
	tr := c.client.Transport.(*http.Transport)
	guarded := tr.DialContext
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if addr == "public.example:80" {
			var d net.Dialer
			return d.DialContext(ctx, network, public.Listener.Addr().String())
		}
		return guarded(ctx, network, addr)
	}
	st := c.check(context.Background(), []string{"http://public.example/doc"})
	assert.True(t, st["http://public.example/doc"].Dead)
	assert.Contains(t, st["http://public.example/doc"].Reason, "loopback address")
	assert.Zero(t, hits.Load(), "the redirect was not followed")
}

func TestAddrKind(t *testing.T) {
	tests := []struct{ addr, kind string }{
		{"127.0.0.1", "loopback"}, {"127.8.9.10", "loopback"}, {"::1", "loopback"}, {"::ffff:127.0.0.1", "loopback"},
		{"10.1.2.3", "private"}, {"172.16.0.1", "private"}, {"192.168.1.1", "private"}, {"fd00::1", "private"},
		{"169.254.169.254", "link-local"}, {"fe80::1", "link-local"},
		{"224.0.0.1", "multicast"}, {"ff02::1", "multicast"}, {"239.255.255.250", "multicast"},
		{"0.0.0.0", "unspecified"}, {"::", "unspecified"}, {"255.255.255.255", "broadcast"},
		{"100.64.0.1", "shared (carrier-grade NAT)"}, {"64:ff9b::7f00:1", "loopback"}, {"64:ff9b::a00:1", "private"},
		{"93.184.215.14", ""}, {"2606:2800:21f:cb07:6820:80da:af6b:8b2c", ""}, {"64:ff9b::5db8:d70e", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.kind, addrKind(netip.MustParseAddr(tt.addr)), tt.addr)
	}
}

// TestCheckLinksEndToEnd: score --check-links refuses a loopback source by
// default, and checks it with --allow-private-links.
func TestCheckLinksEndToEnd(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }))
	defer srv.Close()
	// Every source cites the test server: the test makes no other request.
	fw := framework()
	a := generateAssessment(fw, 7, 1, 0)
	for i := range a.Factors {
		a.Factors[i].Justification.Text = "Per the contract."
		a.Factors[i].Sources.Text = srv.URL + "/doc"
	}
	var buf bytes.Buffer
	require.NoError(t, workbook.WriteTemplate(&buf, fw, a))
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "cites-loopback.xlsx"), buf.Bytes(), 0o644))
	for _, tt := range []struct {
		extra  []string
		reason string
	}{
		{nil, "loopback address"},
		{[]string{"--allow-private-links"}, "HTTP 404"},
	} {
		out := filepath.Join(t.TempDir(), "out")
		args := append([]string{"score", dir, "-o", out, "--check-links", "--link-timeout", "5s", "-q", "--outputs", "json"}, tt.extra...)
		code, _, stderr := runCmd(t, args...)
		assert.Contains(t, []int{exitOK, exitInvalid}, code, stderr)
		found := false
		for _, p := range readResults(t, out).Providers {
			for _, is := range p.Issues {
				if is.Code == scoring.CodeSourceDead && strings.Contains(is.Message, srv.URL) {
					found = true
					assert.Contains(t, is.Message, tt.reason)
				}
			}
		}
		assert.True(t, found, "a source-dead warning on the cited URL (%v)", tt.extra)
	}
}
