package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sovscore/sovscore/scoring"
)

// linkChecker fetches cited sources to find dead links. It is used only
// when the user asks for it (--check-links): sovscore makes no network
// access otherwise.
type linkChecker struct {
	client  *http.Client
	jobs    int // URLs checked at once
	perHost int // requests at once to one host, to be polite
}

// linkStatus is the outcome of checking one URL; Dead is false for a URL
// that answered with a non-error status.
type linkStatus struct {
	Dead   bool
	Reason string
	// Refused is set when the URL was not fetched because its address is
	// not public.
	Refused bool
}

// linkOptions configure a linkChecker (--link-timeout, --link-jobs,
// --allow-private-links).
type linkOptions struct {
	timeout      time.Duration // for one URL, redirects included; must be positive
	jobs         int           // URLs checked at once
	allowPrivate bool          // also fetch loopback, private, link-local and multicast addresses
}

func newLinkChecker(o linkOptions) *linkChecker {
	return &linkChecker{
		client: &http.Client{
			Transport: guardedTransport(o.allowPrivate),
			Timeout:   o.timeout,
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if len(via) >= 5 {
					return errors.New("more than 5 redirects")
				}
				return nil
			},
		},
		jobs:    max(o.jobs, 1),
		perHost: 2,
	}
}

// check fetches every URL once, with at most c.jobs at a time and at most
// c.perHost per host. A URL whose check ctx ended (the overall deadline,
// Ctrl-C) before it was done is missing from the result: it is unchecked,
// not dead.
func (c *linkChecker) check(ctx context.Context, urls []string) map[string]linkStatus {
	out := make(map[string]linkStatus, len(urls))
	var mu sync.Mutex
	hostSem := map[string]chan struct{}{}
	sem := func(host string) chan struct{} {
		mu.Lock()
		defer mu.Unlock()
		s, ok := hostSem[host]
		if !ok {
			s = make(chan struct{}, c.perHost)
			hostSem[host] = s
		}
		return s
	}
	forEach(ctx, len(urls), c.jobs, func(i int) {
		u := urls[i]
		host := ""
		if pu, err := url.Parse(u); err == nil {
			host = strings.ToLower(pu.Host)
		}
		s := sem(host)
		select {
		case s <- struct{}{}:
		case <-ctx.Done():
			return
		}
		st := c.one(ctx, u)
		<-s
		if ctx.Err() != nil {
			return
		}
		mu.Lock()
		out[u] = st
		mu.Unlock()
	})
	return out
}

// one checks a URL: HEAD first (cheap), then GET when the server refuses
// HEAD or answers it with an error, since many servers mishandle HEAD.
func (c *linkChecker) one(ctx context.Context, u string) linkStatus {
	status, err := c.request(ctx, http.MethodHead, u)
	if err == nil && status < 400 {
		return linkStatus{}
	}
	if err == nil || !isFinal(err) {
		status, err = c.request(ctx, http.MethodGet, u)
		if err == nil && status < 400 {
			return linkStatus{}
		}
	}
	if err != nil {
		var blocked *blockedAddrError
		return linkStatus{Dead: true, Reason: describeNetError(err), Refused: errors.As(err, &blocked)}
	}
	return linkStatus{Dead: true, Reason: fmt.Sprintf("HTTP %d %s", status, http.StatusText(status))}
}

func (c *linkChecker) request(ctx context.Context, method, u string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("User-Agent", "sovscore-link-check/"+Version)
	resp, err := c.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, nil
}

// isFinal reports errors a GET would not cure: the name does not resolve or
// the time is up.
func isFinal(err error) bool {
	var dns *net.DNSError
	var ne net.Error
	var blocked *blockedAddrError
	return errors.As(err, &blocked) || errors.As(err, &dns) || (errors.As(err, &ne) && ne.Timeout()) || errors.Is(err, context.Canceled)
}

func describeNetError(err error) string {
	var dns *net.DNSError
	var ne net.Error
	var blocked *blockedAddrError
	switch {
	case errors.As(err, &blocked):
		return blocked.Error()
	case errors.As(err, &dns):
		return "the host name does not resolve (" + dns.Name + ")"
	case errors.As(err, &ne) && ne.Timeout():
		return "no answer before the time-out"
	case errors.Is(err, context.Canceled):
		return "check interrupted"
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return msg
}

// citation is one place a URL is cited.
type citation struct {
	result int
	factor string
	loc    scoring.Location
}

// applyLinkCheck checks every distinct http(s) source cited in the results
// and adds a source-dead warning on each cell that cites a dead one. It
// returns how many URLs were cited, how many of them are dead and how many
// could not be checked before ctx ended.
func applyLinkCheck(ctx context.Context, c *linkChecker, results []*scoring.Result) (checked, dead, unchecked int) {
	cites := map[string][]citation{}
	for ri, r := range results {
		for _, f := range r.Factors {
			if f.Entry == nil {
				continue
			}
			valid := map[string]bool{}
			for _, s := range f.Sources {
				valid[s] = true
			}
			add := func(c scoring.EntryCell, urls []string) {
				for _, u := range urls {
					if valid[u] {
						cites[u] = append(cites[u], citation{ri, f.Factor.ID, f.Entry.Loc(c)})
					}
				}
			}
			add(f.Entry.Sources, scoring.SplitSources(f.Entry.Sources.Text))
			add(f.Entry.Justification, scoring.CitedSources(f.Entry.Justification.Text))
		}
	}
	urls := make([]string, 0, len(cites))
	for u := range cites {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	status := c.check(ctx, urls)
	for _, u := range urls {
		st, ok := status[u]
		if !ok {
			unchecked++
		}
		if !ok || !st.Dead {
			continue
		}
		dead++
		seen := map[citation]bool{}
		for _, ct := range cites[u] {
			if seen[ct] {
				continue
			}
			seen[ct] = true
			msg := fmt.Sprintf("source %s did not answer (%s); replace it with a working or archived URL", u, st.Reason)
			if st.Refused {
				msg = fmt.Sprintf("source %s was not fetched: %s; a dossier should cite public URLs", u, st.Reason)
			}
			results[ct.result].AddIssues(scoring.Issue{Severity: scoring.Warning, Code: scoring.CodeSourceDead,
				Sheet: ct.loc.Sheet, Cell: ct.loc.Cell, Factor: ct.factor, Message: msg})
		}
	}
	return len(urls), dead, unchecked
}
