package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// headerErrorID carries the API's error `id` from the wire to the diagnostic:
// godo parses `message` and `request_id` from error bodies but drops `id`.
const headerErrorID = "X-Provider-Error-Id"

// logSubsystem is the tflog subsystem for API traffic (TF_LOG_PROVIDER_DO_API).
const logSubsystem = "api"

// observingTransport logs one line per HTTP attempt (method, path, status,
// duration, request id) and records the error id of failed responses. It never
// logs headers or bodies, which carry the token and secrets; what it does log
// is masked as well (see apiLogContext), in case an error text ever echoes one.
type observingTransport struct {
	base  http.RoundTripper
	token string
}

func (t *observingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := apiLogContext(req.Context(), t.token)
	start := time.Now()
	resp, err := t.base.RoundTrip(req)
	fields := map[string]any{
		"method":      req.Method,
		"path":        req.URL.Path,
		"duration_ms": time.Since(start).Milliseconds(),
	}
	if err != nil {
		fields["error"] = err.Error()
		tflog.SubsystemDebug(ctx, logSubsystem, "API request failed without a response", fields)
		return resp, err
	}
	fields["status"] = resp.StatusCode
	fields["request_id"] = resp.Header.Get("x-request-id")
	fields["ratelimit_remaining"] = resp.Header.Get("ratelimit-remaining")
	tflog.SubsystemDebug(ctx, logSubsystem, "API request", fields)
	if resp.StatusCode >= 400 {
		recordErrorID(resp)
	}
	return resp, nil
}

// recordErrorID copies the `id` of an error body into a header, leaving the
// body readable for godo.
func recordErrorID(resp *http.Response) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return
	}
	var e struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(body, &e) == nil && e.ID != "" {
		resp.Header.Set(headerErrorID, e.ID)
	}
}

// maxAnswerBytes bounds the body a successful answer may have (a full page
// of 200 attachments is about 150 KB).
const maxAnswerBytes = 32 << 20

// bodyCheckingTransport turns a successful answer whose body cannot be the
// API's (empty, not JSON, or JSON cut short, as a proxy in between may
// answer) into a *MalformedError, before godo decodes it. Being an error
// without an answer, it goes through the retry policy like a dropped
// connection: GETs are retried, and a POST or PATCH only after its outcome
// check. Answers to DELETE are not checked: nothing reads their body.
type bodyCheckingTransport struct{ base http.RoundTripper }

func (t bodyCheckingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	noteStatus(req.Context(), resp.StatusCode)
	if !answersWithJSON(req, resp) {
		return resp, nil
	}
	body, readErr := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	_ = resp.Body.Close()
	if reason := unusableBody(body, readErr); reason != "" {
		return nil, &MalformedError{Method: req.Method, Path: req.URL.Path, Status: resp.StatusCode, Reason: reason}
	}
	resp.Body = io.NopCloser(bytes.NewReader(nullBGP.ReplaceAll(body, []byte(`"bgp":{}`))))
	return resp, nil
}

// nullBGP matches "bgp": null, which an API may well send for an attachment
// without a BGP session, but which godo's BGP.UnmarshalJSON dereferences (a
// panic; still so in v1.244.0); {} means the same and decodes.
var nullBGP = regexp.MustCompile(`"bgp"\s*:\s*null`)

func answersWithJSON(req *http.Request, resp *http.Response) bool {
	return resp.StatusCode >= 200 && resp.StatusCode < 300 && resp.StatusCode != http.StatusNoContent &&
		req.Method != http.MethodDelete && req.Method != http.MethodHead && req.Context().Value(noBodyCheckKey{}) == nil
}

type noBodyCheckKey struct{}

// withoutBodyCheck marks a request whose answer's body nobody reads.
func withoutBodyCheck(ctx context.Context) context.Context {
	return context.WithValue(ctx, noBodyCheckKey{}, true)
}

// unusableBody says what is wrong with a successful answer's body, or "".
func unusableBody(body []byte, readErr error) string {
	switch {
	case readErr != nil:
		return "reading it failed: " + readErr.Error()
	case len(body) > maxAnswerBytes:
		return fmt.Sprintf("it is larger than %d MiB", maxAnswerBytes>>20)
	case len(bytes.TrimSpace(body)) == 0:
		return "the body is empty"
	case !json.Valid(body):
		return fmt.Sprintf("its %d bytes are not complete JSON (cut short, or not JSON at all)", len(body))
	}
	return ""
}
