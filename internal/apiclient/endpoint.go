package apiclient

import (
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// Endpoint is a checked API base URL: the origin requests go to and the
// path every request's path is put under.
type Endpoint struct {
	// Origin is scheme://host[:port] with no path.
	Origin string
	// Prefix is the base URL's path without its trailing slash: "" for
	// https://api.digitalocean.com, "/do" for https://gw.example.com/do/.
	Prefix string
}

// EndpointFlaw is what makes an API base URL impossible to honour.
type EndpointFlaw int

// The flaws ParseEndpoint refuses.
const (
	EndpointNotURL      EndpointFlaw = iota + 1 // not an absolute http(s) URL with a host
	EndpointUserInfo                            // user:password@ before the host
	EndpointQuery                               // a query string
	EndpointFragment                            // a fragment
	EndpointDotSegments                         // "." or ".." in the path
	EndpointPlainHTTP                           // plain http to a host that is not loopback
)

// EndpointError says which part of an API base URL cannot be honoured:
// Flaw for the diagnostic's summary, Reason (its Error) the whole
// explanation.
type EndpointError struct {
	Flaw   EndpointFlaw
	Reason string
}

func (e *EndpointError) Error() string { return e.Reason }

// ParseEndpoint checks an API base URL and splits it into origin and path
// prefix. It refuses what cannot be honoured exactly: a URL that is not
// absolute http(s) with a host; user info, a query string or a fragment
// (godo builds every request URL from the path alone, so they would be
// dropped); "." or ".." path segments (a server or proxy would resolve them
// to another path than the one configured); and plain http to a host that
// is not loopback, which would send the API token in clear text.
func ParseEndpoint(raw string) (Endpoint, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return Endpoint{}, &EndpointError{Flaw: EndpointNotURL,
			Reason: fmt.Sprintf("api_endpoint must be an absolute http or https URL such as https://api.digitalocean.com; got %s.", quotedUnlessSecret(raw))}
	}
	if u.User != nil {
		// The user info itself is never echoed: it may hold a password.
		return Endpoint{}, &EndpointError{Flaw: EndpointUserInfo,
			Reason: fmt.Sprintf("api_endpoint %s has user info (user:password@ before the host), which the provider cannot send: it authenticates with the API token alone. Remove it.", shown(u))}
	}
	if u.RawQuery != "" || u.ForceQuery {
		return Endpoint{}, &EndpointError{Flaw: EndpointQuery,
			Reason: fmt.Sprintf("api_endpoint %s has a query string (?...), which the provider cannot keep: each request sets its own query. Remove it.", shown(u))}
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return Endpoint{}, &EndpointError{Flaw: EndpointFragment,
			Reason: fmt.Sprintf("api_endpoint %s has a fragment (#...), which is never sent to a server. Remove it.", shown(u))}
	}
	prefix := strings.TrimRight(u.EscapedPath(), "/")
	for seg := range strings.SplitSeq(prefix, "/") {
		if decoded := strings.ReplaceAll(strings.ToLower(seg), "%2e", "."); decoded == "." || decoded == ".." {
			return Endpoint{}, &EndpointError{Flaw: EndpointDotSegments,
				Reason: fmt.Sprintf("api_endpoint %q has a \".\" or \"..\" segment in its path, which servers resolve to another path than the one written. Write the path it means.", raw)}
		}
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		return Endpoint{}, &EndpointError{Flaw: EndpointPlainHTTP,
			Reason: fmt.Sprintf("api_endpoint %q uses plain http to %s, which would send the API token in clear text; the DigitalOcean API is served over HTTPS only. Use https:// (plain http is accepted only for a loopback host: localhost, 127.0.0.0/8 or ::1, such as a local emulator).", raw, u.Hostname())}
	}
	return Endpoint{Origin: u.Scheme + "://" + u.Host, Prefix: prefix}, nil
}

// quotedUnlessSecret is raw quoted for a message, unless it has an "@":
// then it may hold a password (user:secret@host without a scheme does not
// parse as user info), and it is left out.
func quotedUnlessSecret(raw string) string {
	if strings.Contains(raw, "@") {
		return "a value with an @ (not shown: it may hold a password)"
	}
	return strconv.Quote(raw)
}

// shown is u for a message: scheme, host and path only, since user info, a
// query or a fragment may hold a secret.
func shown(u *url.URL) string {
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}).String()
}

// isLoopbackHost reports whether host (without port or brackets) is
// "localhost" or a loopback IP address (127.0.0.0/8, ::1).
func isLoopbackHost(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}
