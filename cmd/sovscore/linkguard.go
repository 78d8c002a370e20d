package main

// Sources come from untrusted workbooks: fetching them must not let a
// workbook make the scoring machine reach its own services or its local
// network (server-side request forgery). Addresses are checked after DNS
// resolution, on the address actually dialled, for every connection,
// redirects included, so a public name that resolves to 127.0.0.1 is
// refused too.

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"sync"
	"syscall"
	"time"
)

// blockedAddrError is a source whose host is, or resolves to, an address
// sovscore does not fetch from.
type blockedAddrError struct {
	addr netip.Addr
	kind string
}

func (e *blockedAddrError) Error() string {
	return fmt.Sprintf("%s is a %s address, which sovscore does not fetch unless --allow-private-links is given", e.addr, e.kind)
}

// specialPrefixes are ranges that are neither loopback, private, link-local
// nor multicast by net/netip's tests but still not the public Internet.
var specialPrefixes = []struct {
	prefix netip.Prefix
	kind   string
}{
	{netip.MustParsePrefix("100.64.0.0/10"), "shared (carrier-grade NAT)"},
	{netip.MustParsePrefix("192.0.0.0/24"), "reserved"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
}

// nat64 is the well-known NAT64 prefix: its last 32 bits are an IPv4
// address, checked like one.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// addrKind says what kind of non-public address a is, "" for a public one.
func addrKind(a netip.Addr) string {
	a = a.Unmap()
	if nat64.Contains(a) {
		b := a.As16()
		return addrKind(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
	}
	switch {
	case !a.IsValid():
		return "invalid"
	case a.IsLoopback():
		return "loopback"
	case a.IsUnspecified():
		return "unspecified"
	case a.IsPrivate():
		return "private"
	case a.IsLinkLocalUnicast():
		return "link-local"
	case a.IsMulticast() || a.IsLinkLocalMulticast() || a.IsInterfaceLocalMulticast():
		return "multicast"
	case a.Is4() && a.As4() == [4]byte{255, 255, 255, 255}:
		return "broadcast"
	}
	for _, s := range specialPrefixes {
		if s.prefix.Contains(a) {
			return s.kind
		}
	}
	return ""
}

// checkAddr refuses a dialled "ip:port" that is not public.
func checkAddr(address string) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("not fetched: unexpected address %q", address)
	}
	return checkIP(ap.Addr())
}

// checkIP refuses an address that is not public.
func checkIP(a netip.Addr) error {
	if kind := addrKind(a); kind != "" {
		return &blockedAddrError{addr: a.Unmap(), kind: kind}
	}
	return nil
}

// guardedTransport is an HTTP transport that connects only to public
// addresses, unless allowPrivate. A proxy from the environment is used
// as usual (it is the user's own); through a proxy, which resolves names
// itself, the target's name is resolved and checked before each request.
func guardedTransport(allowPrivate bool) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	if allowPrivate {
		return t
	}
	var proxies sync.Map // "host:port" of the proxies in use: dialled without the check
	env := t.Proxy
	t.Proxy = func(req *http.Request) (*url.URL, error) {
		p, err := env(req)
		if err != nil || p == nil {
			return p, err
		}
		proxies.Store(hostPort(p), true)
		if err := checkHost(req.Context(), req.URL.Hostname()); err != nil {
			return nil, err
		}
		return p, nil
	}
	guarded := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second,
		Control: func(network, address string, _ syscall.RawConn) error { return checkAddr(address) }}
	plain := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if _, ok := proxies.Load(addr); ok {
			return plain.DialContext(ctx, network, addr)
		}
		return guarded.DialContext(ctx, network, addr)
	}
	return t
}

// hostPort is a proxy URL's "host:port", with the scheme's default port.
func hostPort(u *url.URL) string {
	if u.Port() != "" {
		return u.Host
	}
	port := "80"
	switch u.Scheme {
	case "https":
		port = "443"
	case "socks5", "socks5h":
		port = "1080"
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// checkHost resolves a host name and refuses it when any of its addresses
// is not public.
func checkHost(ctx context.Context, host string) error {
	if a, err := netip.ParseAddr(host); err == nil {
		return checkIP(a)
	}
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return err
	}
	for _, a := range addrs {
		if err := checkIP(a); err != nil {
			return err
		}
	}
	return nil
}
