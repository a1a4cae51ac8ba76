package apiclient

import (
	"context"
	"net/http"
	"reflect"
	"strings"

	"github.com/hashicorp/go-retryablehttp"
)

// A retried request must not do twice what was meant once. GET, HEAD, PUT,
// DELETE and OPTIONS are idempotent by definition (a repeated DELETE of a
// deleted attachment answers 404, which callers treat as done). POST
// creates. PATCH would be idempotent by its body, but the API refuses any
// change to an attachment that is mid-operation, and a PATCH that took
// effect starts one (UPDATING): repeating it would turn a success into a
// 422. So a POST or PATCH whose outcome is unknown is retried only when an
// OutcomeCheck (see WithOutcomeCheck) has confirmed that it did nothing.
var idempotentMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodOptions: true,
	http.MethodPut: true, http.MethodDelete: true,
}

// OutcomeCheck finds out whether a non-idempotent request whose outcome is
// unknown (the connection dropped, or the API answered 429 or 5xx after
// possibly acting) took effect. It is called before every retry of such a
// request and after its last attempt; an error counts as "maybe", which
// stops retrying.
type OutcomeCheck func(ctx context.Context) (tookEffect bool, err error)

type outcomeCheckKey struct{}

// WithOutcomeCheck returns a context under which POST and PATCH requests
// are retried after an unknown outcome, provided check reports that nothing
// happened. Without one, such a request is never retried.
func WithOutcomeCheck(ctx context.Context, check OutcomeCheck) context.Context {
	return context.WithValue(ctx, outcomeCheckKey{}, check)
}

// requestInfo is what the retry policy needs to know about the request: the
// retryablehttp CheckRetry hook only sees the response, which is nil when
// the connection failed.
type requestInfo struct{ method, path string }

type requestInfoKey struct{}

func requestInfoFrom(ctx context.Context) requestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(requestInfo)
	return info
}

// taggingTransport records each request's method and path in its context
// on the way into the retrying client.
type taggingTransport struct{ next http.RoundTripper }

func (t taggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := context.WithValue(req.Context(), requestInfoKey{}, requestInfo{method: req.Method, path: req.URL.Path})
	return t.next.RoundTrip(req.WithContext(ctx))
}

// retryPolicy is the retryablehttp CheckRetry hook: the library's default
// (connection errors, 429, and 5xx except 501), plus godo's HTTP/2
// INTERNAL_ERROR case, limited to requests that are safe to send again.
func retryPolicy(ctx context.Context, resp *http.Response, err error) (bool, error) {
	retry, policyErr := retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	if policyErr != nil || ctx.Err() != nil {
		return false, policyErr
	}
	if !retry && !isHTTP2InternalError(err) {
		return false, nil
	}
	if idempotentMethods[requestInfoFrom(ctx).method] {
		return true, nil
	}
	check, _ := ctx.Value(outcomeCheckKey{}).(OutcomeCheck)
	if check == nil {
		return false, nil
	}
	// The check sends requests of its own (GETs); they must not consult it.
	tookEffect, checkErr := check(context.WithValue(ctx, outcomeCheckKey{}, nil))
	return checkErr == nil && !tookEffect, nil
}

// isHTTP2InternalError matches the transient stream error godo also retries
// (https://github.com/golang/go/issues/51323).
func isHTTP2InternalError(err error) bool {
	return err != nil && strings.Contains(err.Error(), "INTERNAL_ERROR") &&
		strings.Contains(reflect.TypeOf(err).String(), "http2")
}

// OutcomeUnknown reports whether err leaves open whether the API acted on a
// request: no answer at all (dropped connection, timeout, cancellation), or
// an answer (429, 5xx other than 501) that a server may send after acting.
func OutcomeUnknown(err error) bool {
	if err == nil {
		return false
	}
	if e, ok := AsAPIError(err); ok {
		return e.Status == http.StatusTooManyRequests ||
			(e.Status >= 500 && e.Status != http.StatusNotImplemented)
	}
	// Not an answer from the API: the request may or may not have arrived.
	return true
}
