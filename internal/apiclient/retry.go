package apiclient

import (
	"context"
	"io"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
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
// the connection failed. resendable is whether refusalResender may send it
// again (see resendable).
type requestInfo struct {
	method, path string
	resendable   bool
}

type requestInfoKey struct{}

func requestInfoFrom(ctx context.Context) requestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(requestInfo)
	return info
}

// taggingTransport records each request's method and path in its context
// on the way into the retrying client.
type taggingTransport struct{ next http.RoundTripper }

func (t taggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	info := requestInfo{method: req.Method, path: req.URL.Path, resendable: resendable(req)}
	ctx := context.WithValue(req.Context(), requestInfoKey{}, info)
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
	info := requestInfoFrom(ctx)
	if resp != nil && resp.StatusCode == http.StatusTooManyRequests && info.resendable {
		return false, nil // refusalResender has sent it again for refusedReadsFor
	}
	if idempotentMethods[info.method] {
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

// refusedReadsFor is how long refusalResender keeps sending a read or a
// delete again after 429s before letting the retrying client count the
// refusal: a time, not a count (DESIGN.md, "Pacing and rate limits").
const refusedReadsFor = 2 * time.Minute

// refusalResender sends a request refused with 429 again, once the pacer
// under it lets it (which is after the pause the 429 asked for), without
// spending the retry budget (http_retry_max). A 429 is the rate limit
// turning a request away, not a failure of the request: when parallel
// operations or several processes sharing a token meet DigitalOcean's
// per-minute burst limit, which the headers do not describe, they can
// collect several 429s in a row, and spending the 5xx budget on them made
// reads fail under load. Only requests safe to send twice are resent here
// (see idempotentMethods), for up to giveUpAfter (refusedReadsFor); a POST
// or PATCH refused with 429 goes back to the retrying client, which resends
// it only after its outcome check. Each resend is logged and reported to
// onRetry, like the retrying client's retries.
type refusalResender struct {
	next        http.RoundTripper
	token       string // masked in the log lines
	onRetry     func(method, path string, attempt int)
	giveUpAfter time.Duration
}

func (r refusalResender) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	for resends := 0; ; resends++ {
		resp, err := r.next.RoundTrip(req)
		if err != nil || resp.StatusCode != http.StatusTooManyRequests ||
			time.Since(start) >= r.giveUpAfter || req.Context().Err() != nil || !resendable(req) {
			return resp, err
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		_ = resp.Body.Close()
		if req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(req.Context())
			req.Body = body
		}
		reportRetry(req, r.token, r.onRetry, "resending a request the rate limit refused", resends+1)
	}
}

// resendable reports whether req may be sent again as it is: a method safe
// to repeat, with no body or one that can be read again.
func resendable(req *http.Request) bool {
	return idempotentMethods[req.Method] &&
		(req.Body == nil || req.Body == http.NoBody || req.GetBody != nil)
}

// reportRetry logs that req is being sent again (the n-th time) and tells
// onRetry, if set; the soak test counts retries that way.
func reportRetry(req *http.Request, token string, onRetry func(method, path string, attempt int), msg string, n int) {
	tflog.SubsystemDebug(apiLogContext(req.Context(), token), logSubsystem, msg,
		map[string]any{"method": req.Method, "path": req.URL.Path, "retry": n})
	if onRetry != nil {
		onRetry(req.Method, req.URL.Path, n)
	}
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
