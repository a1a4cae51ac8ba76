package fakeapi

import "time"

// Attachment states used by the emulator.
const (
	StateCreating = "CREATING"
	StateUpdating = "UPDATING"
	StateDeleting = "DELETING"
	StateCreated  = "CREATED"
	// StateDeleted never appears in a response: it marks, in Transitions,
	// the moment the attachment disappeared (GET answers 404 from then on).
	StateDeleted = "DELETED"
)

// Transition is a state change and the time it became effective. Because
// states are computed from a schedule rather than by a background worker, At
// is the exact moment the change happened, which is what a benchmark of a
// client's polling lag needs.
type Transition struct {
	State string
	At    time.Time
}

// schedule is an attachment's state history plus at most a few planned
// future transitions, ordered by At.
type schedule []Transition

// at returns the state in effect at t ("" if the schedule starts later).
func (sc schedule) at(t time.Time) string {
	state := ""
	for _, tr := range sc {
		if tr.At.After(t) {
			break
		}
		state = tr.State
	}
	return state
}

// effective returns the transitions that have happened by t.
func (sc schedule) effective(t time.Time) []Transition {
	out := []Transition{}
	for _, tr := range sc {
		if tr.At.After(t) {
			break
		}
		out = append(out, tr)
	}
	return out
}

// pending reports whether a planned transition is still in the future, i.e.
// the attachment is mid-operation.
func (sc schedule) pending(t time.Time) bool {
	return len(sc) > 0 && sc[len(sc)-1].At.After(t)
}

// firstReached returns when state was first entered, if it has been by t.
func (sc schedule) firstReached(state string, t time.Time) (time.Time, bool) {
	for _, tr := range sc {
		if tr.At.After(t) {
			break
		}
		if tr.State == state {
			return tr.At, true
		}
	}
	return time.Time{}, false
}

// replan cancels whatever was still planned after now (an out-of-band change
// or a delete overrides an operation in flight) and appends steps.
func (sc *schedule) replan(now time.Time, steps ...Transition) {
	kept := (*sc)[:0]
	for _, tr := range *sc {
		if !tr.At.After(now) {
			kept = append(kept, tr)
		}
	}
	*sc = append(kept, steps...)
}

// begin starts an asynchronous operation: the attachment is in the pending
// state now and reaches final once the provisioning delay has passed.
func (s *Server) begin(rec *record, now time.Time, pending, final string) {
	rec.sched.replan(now,
		Transition{State: pending, At: now},
		Transition{State: final, At: now.Add(s.opts.ProvisioningDelay)})
}

// SetProvisioningDelay changes the provisioning delay for operations started
// from now on; operations in flight keep the deadline they were given.
func (s *Server) SetProvisioningDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.ProvisioningDelay = d
}

// createOutcome is the state a new attachment settles in.
func (s *Server) createOutcome() string {
	if s.opts.FailCreatesInto != "" {
		return s.opts.FailCreatesInto
	}
	return s.opts.ReadyState
}
