package fakeapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// call is one request being served. Handlers write into a buffer rather than
// the connection so that a fault can still discard the real answer after the
// server acted (Fault.AfterAct), and so the journal knows the status sent.
type call struct {
	r     *http.Request
	body  []byte
	reqID string
	now   time.Time // arrival time; reset when the endpoint runs
	id    string    // the {pa_id} path segment, if any
	// prefix is Options.PathPrefix, which c.r's path no longer holds: page
	// links put it back.
	prefix string
	out    responseBuffer
	// noRequestID leaves request_id out of error bodies (sparse profile).
	noRequestID bool
}

type responseBuffer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

// json answers status with v encoded as JSON.
func (c *call) json(status int, v any) {
	data, err := json.Marshal(v)
	if err != nil { // only our own wire types are encoded; this is a bug
		panic(err)
	}
	c.out.header.Set("Content-Type", "application/json; charset=utf-8")
	c.out.status = status
	c.out.body.Reset()
	c.out.body.Write(data)
	c.out.body.WriteByte('\n')
}

// errorBody is the spec's shared error model.
type errorBody struct {
	ID        string `json:"id"`
	Message   string `json:"message"`
	RequestID string `json:"request_id,omitempty"`
}

// fail answers status with the spec's error body; an empty message uses the
// standard one for the status. A 429 reports an exhausted quota
// (ratelimit-remaining 0 and a Retry-After), as clients that back off on
// ratelimit-remaining expect.
func (c *call) fail(status int, message string) {
	if status == http.StatusTooManyRequests {
		c.out.header.Set("ratelimit-remaining", "0")
		if c.out.header.Get("Retry-After") == "" {
			c.out.header.Set("Retry-After", "1")
		}
	}
	c.answerError(status, message)
}

// answerError answers status with the spec's error body, leaving the headers
// to the caller (a rate limiter that set them itself).
func (c *call) answerError(status int, message string) {
	if message == "" {
		message = standardMessage(status)
	}
	reqID := c.reqID
	if c.noRequestID {
		reqID = ""
	}
	c.json(status, errorBody{ID: errorID(status), Message: message, RequestID: reqID})
}

// html answers status with an HTML page, as a proxy in front of the API does.
func (c *call) html(status int, page string) {
	c.out.header.Set("Content-Type", "text/html")
	c.out.status = status
	c.out.body.Reset()
	c.out.body.WriteString(page)
}

// errorID derives DigitalOcean's snake_case error id from the status
// ("not_found", "too_many_requests", ...); 500 is "server_error" in the spec.
func errorID(status int) string {
	if status == http.StatusInternalServerError {
		return "server_error"
	}
	text := http.StatusText(status)
	if text == "" {
		return "unexpected_error"
	}
	return strings.ToLower(strings.ReplaceAll(text, " ", "_"))
}

// standardMessage returns the message the spec's examples use for status.
func standardMessage(status int) string {
	switch status {
	case http.StatusUnauthorized:
		return "Unable to authenticate you."
	case http.StatusForbidden:
		return "You do not have access for the attempted action."
	case http.StatusNotFound:
		return "The resource you were accessing could not be found."
	case http.StatusUnprocessableEntity:
		return "request payload validation failed"
	case http.StatusTooManyRequests:
		return "API rate limit exceeded."
	case http.StatusInternalServerError:
		return "Unexpected server-side error"
	}
	return http.StatusText(status)
}

// flush sends the buffered response to the client.
func (c *call) flush(w http.ResponseWriter) {
	for k, v := range c.out.header {
		w.Header()[k] = v
	}
	w.WriteHeader(c.out.status)
	_, _ = w.Write(c.out.body.Bytes())
}

// drop closes the client's connection without sending anything, the way a
// crashed proxy or a network partition would.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	// net/http aborts the connection (or HTTP/2 stream) silently on this panic.
	panic(http.ErrAbortHandler)
}
