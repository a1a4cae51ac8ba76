package apiclient

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
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
