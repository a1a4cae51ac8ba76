package apiclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/digitalocean/godo"
)

// APIError is what the API said about a failed request, for diagnostics.
type APIError struct {
	Status    int
	ID        string
	Message   string
	RequestID string
}

// AsAPIError extracts the API's answer from a godo error.
func AsAPIError(err error) (APIError, bool) {
	var er *godo.ErrorResponse
	if !errors.As(err, &er) || er.Response == nil {
		return APIError{}, false
	}
	return APIError{
		Status:    er.Response.StatusCode,
		ID:        er.Response.Header.Get(headerErrorID),
		Message:   er.Message,
		RequestID: er.RequestID,
	}, true
}

// MalformedError is an answer the client cannot use: a body that is empty,
// not JSON, cut short, or JSON without the object the endpoint returns. It
// names the endpoint and the HTTP status, never the body (which may hold a
// secret).
type MalformedError struct {
	Method string
	Path   string
	Status int
	Reason string
}

func (e *MalformedError) Error() string {
	if e.Status == 0 {
		return fmt.Sprintf("%s %s got an answer the provider cannot use: %s", e.Method, e.Path, e.Reason)
	}
	return fmt.Sprintf("%s %s answered HTTP %d with a body the provider cannot use: %s", e.Method, e.Path, e.Status, e.Reason)
}

// GoneError is an attachment the API still answers for but reports as
// DELETED: for every caller it is as absent as a 404.
type GoneError struct {
	ID    string
	State string
}

func (e *GoneError) Error() string {
	return fmt.Sprintf("partner attachment %s has been deleted (the API reports it %s)", e.ID, e.State)
}

// IsNotFound reports whether err is the API's 404, or an attachment the API
// reports as deleted.
func IsNotFound(err error) bool {
	var gone *GoneError
	if errors.As(err, &gone) {
		return true
	}
	e, ok := AsAPIError(err)
	return ok && e.Status == http.StatusNotFound
}

// Describe renders err for a diagnostic detail: for API errors the status,
// the API's id, message and request id; otherwise the error text. Every
// secret registered on ctx (WithSecrets) is masked: log masking does not
// reach diagnostics, and an API message may echo what it was sent.
func Describe(ctx context.Context, err error) string {
	mask := func(s string) string { return Mask(ctx, s) }
	return mask(describe(err, mask))
}

// describe renders err, masking the API's message before shortening it,
// so that no part of a secret survives the cut.
func describe(err error, mask func(string) string) string {
	e, ok := AsAPIError(err)
	if !ok {
		return err.Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The API answered HTTP %d", e.Status)
	if e.ID != "" {
		fmt.Fprintf(&b, " (%s)", e.ID)
	}
	if msg := summarizeMessage(mask(e.Message)); msg != "" {
		fmt.Fprintf(&b, ": %s", msg)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, "\nrequest_id: %s", e.RequestID)
	}
	return b.String()
}

var htmlTitle = regexp.MustCompile(`(?is)<title>(.*?)</title>`)

// maxMessage bounds how much of a non-JSON error body reaches a diagnostic.
const maxMessage = 300

// summarizeMessage keeps the API's message, but reduces a page that a proxy
// answered instead of the API (godo puts a body that is not JSON into the
// message as it is) to its title.
func summarizeMessage(msg string) string {
	msg = strings.TrimSpace(msg)
	if !strings.HasPrefix(msg, "<") {
		if len(msg) > maxMessage {
			cut := msg[:maxMessage]
			for !utf8.ValidString(cut) { // never split a character
				cut = cut[:len(cut)-1]
			}
			return cut + "..."
		}
		return msg
	}
	title := "an HTML page"
	if m := htmlTitle.FindStringSubmatch(msg); m != nil && strings.TrimSpace(m[1]) != "" {
		title = fmt.Sprintf("an HTML page titled %q", strings.TrimSpace(m[1]))
	}
	return title + " instead of a JSON error (a proxy or gateway between the provider and the API answered)"
}

// IsRefusal reports whether err is the API refusing a request (a 4xx other
// than 429, which only asks to wait).
func IsRefusal(err error) bool {
	e, ok := AsAPIError(err)
	return ok && e.Status >= 400 && e.Status < 500 && e.Status != http.StatusTooManyRequests
}
