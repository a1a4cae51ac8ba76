package provider

import "net/http"

// writeObserver tells the read cache about every request that may change
// something: it sits at the top of the provider's HTTP client, so it sees
// each write once, whichever resource, action or retry sends it. It calls
// onWrite before the request (so a Read meanwhile does not trust the list)
// and again once it has an answer or has failed (so that a page listed
// while the write was in flight is dropped).
type writeObserver struct {
	next    http.RoundTripper
	onWrite func()
}

func (t writeObserver) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodGet || req.Method == http.MethodHead {
		return t.next.RoundTrip(req)
	}
	t.onWrite()
	defer t.onWrite()
	return t.next.RoundTrip(req)
}
