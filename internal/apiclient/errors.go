package apiclient

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

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

// IsNotFound reports whether err is the API's 404.
func IsNotFound(err error) bool {
	e, ok := AsAPIError(err)
	return ok && e.Status == http.StatusNotFound
}

// Describe renders err for a diagnostic detail: for API errors the status,
// the API's id, message and request id; otherwise the error text.
func Describe(err error) string {
	e, ok := AsAPIError(err)
	if !ok {
		return err.Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The API answered HTTP %d", e.Status)
	if e.ID != "" {
		fmt.Fprintf(&b, " (%s)", e.ID)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, "\nrequest_id: %s", e.RequestID)
	}
	return b.String()
}
