package bench

import (
	"fmt"
	"net/http"
	"time"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// operations names the asynchronous operation each pending state starts.
var operations = map[string]string{
	fakeapi.StateCreating: "create",
	fakeapi.StateUpdating: "update",
	fakeapi.StateDeleting: "delete",
}

// waitSample is one wait for an attachment to settle, as the emulator saw it.
type waitSample struct {
	Op string
	// Lag runs from the moment the attachment settled to the arrival of the
	// first GET that saw it settled, after which the provider reports done.
	Lag time.Duration
	// Polls counts the GETs of the attachment from the start of the
	// operation up to and including that GET.
	Polls int
}

// waitSamples pairs each pending state in transitions with the change that
// ended it and finds, in entries, the polls that observed it.
func waitSamples(id string, transitions []fakeapi.Transition, entries []fakeapi.Entry) ([]waitSample, error) {
	path := attachmentsPath + "/" + id
	var out []waitSample
	for i := 0; i+1 < len(transitions); i++ {
		op, ok := operations[transitions[i].State]
		if !ok {
			continue
		}
		start, settled := transitions[i].At, transitions[i+1].At
		s := waitSample{Op: op}
		seen := false
		for _, e := range entries {
			if e.Method != http.MethodGet || e.Path != path || e.At.Before(start) {
				continue
			}
			s.Polls++
			if !e.At.Before(settled) && (e.Status == http.StatusOK || e.Status == http.StatusNotFound) {
				s.Lag, seen = e.At.Sub(settled), true
				break
			}
		}
		if !seen {
			return nil, fmt.Errorf("no GET of %s observed the end of its %s (%s at %s)", id, op, transitions[i+1].State, settled.Format(time.RFC3339Nano))
		}
		out = append(out, s)
	}
	return out, nil
}

// fixedPolls is how many GETs a client polling every interval, first one
// interval after the request, makes before it sees a change after delay.
func fixedPolls(delay, interval time.Duration) int {
	return max(1, int((delay+interval-1)/interval))
}
