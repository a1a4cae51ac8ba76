package fakeapi

import "time"

// Attachment states used by the emulator.
const (
	StateCreating = "CREATING"
	StateUpdating = "UPDATING"
	StateDeleting = "DELETING"
	StateCreated  = "CREATED"
	// StateDeleted marks, in Transitions, the moment the attachment
	// disappeared (GET answers 404 from then on). Only the deleted-visible
	// profile answers it, for a while before the attachment disappears.
	StateDeleted = "DELETED"
	// StateProvisioning and StateDeprovisioning are the undocumented
	// intermediate states of the transitional profile.
	StateProvisioning   = "PROVISIONING"
	StateDeprovisioning = "DEPROVISIONING"

	// stateDeletedVisible marks, in a schedule, that the deletion completed
	// but the attachment is still answered, as StateDeleted (deleted-visible
	// profile); StateDeleted in a schedule always means gone.
	stateDeletedVisible = "DELETED (visible)"
)

// listedReadyState is how the spec's list example spells a ready attachment.
const listedReadyState = "active"

// profileReadyStates are the ready states the profiles choose.
var profileReadyStates = map[Profile]string{
	ProfileSpecExamples: StateCreated,
	ProfileActiveUpper:  "ACTIVE",
	ProfileActiveLower:  "active",
}

// profileReadyState returns the ready state chosen by one of ps, if any.
func profileReadyState(ps []Profile) (string, bool) {
	for _, p := range ps {
		if state, ok := profileReadyStates[p]; ok {
			return state, true
		}
	}
	return "", false
}

// publicState is how a scheduled state is answered and reported.
func publicState(state string) string {
	if state == stateDeletedVisible {
		return StateDeleted
	}
	return state
}

// listedState is how the list spells state: the spec-examples profile
// answers the ready state "active" there while GET says "CREATED".
func (s *Server) listedState(state string) string {
	if s.profiles[ProfileSpecExamples] && state == s.opts.ReadyState {
		return listedReadyState
	}
	return state
}

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

// deleting reports whether the operation in flight at t is a deletion
// (DELETING, DEPROVISIONING or a DELETED still answered).
func (sc schedule) deleting(t time.Time) bool {
	return sc.pending(t) && sc[len(sc)-1].State == StateDeleted
}

// busy reports whether a create or an update is in flight at t.
func (sc schedule) busy(t time.Time) bool { return sc.pending(t) && !sc.deleting(t) }

// gone returns when the attachment disappeared, if it has by t, and the
// state it was last seen in.
func (sc schedule) gone(t time.Time) (at time.Time, lastSeen string, ok bool) {
	for i, tr := range sc {
		if tr.At.After(t) {
			break
		}
		if tr.State == StateDeleted {
			if i > 0 {
				lastSeen = sc[i-1].State
			}
			return tr.At, lastSeen, true
		}
	}
	return time.Time{}, "", false
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

// phase is an intermediate state that starts num/den of the way through the
// provisioning delay.
type phase struct {
	state    string
	num, den int64
}

// transitionalPhases are the states the transitional profile inserts after
// each pending state.
var transitionalPhases = map[string][]phase{
	StateCreating: {{StateProvisioning, 1, 3}, {StateUpdating, 2, 3}},
	StateUpdating: {{StateProvisioning, 1, 2}},
	StateDeleting: {{StateDeprovisioning, 1, 2}},
}

// begin starts an asynchronous operation: the attachment is in the pending
// state now and reaches final once the provisioning delay has passed. The
// transitional profile inserts intermediate states; the deleted-visible
// profile answers a completed deletion as DELETED for a while before final
// (StateDeleted, gone).
func (s *Server) begin(rec *record, now time.Time, pending, final string) {
	d := s.opts.ProvisioningDelay
	steps := []Transition{{State: pending, At: now}}
	if s.profiles[ProfileTransitional] {
		for _, ph := range transitionalPhases[pending] {
			steps = append(steps, Transition{State: ph.state, At: now.Add(time.Duration(int64(d) * ph.num / ph.den))})
		}
	}
	done := now.Add(d)
	if final == StateDeleted && s.profiles[ProfileDeletedVisible] {
		steps = append(steps, Transition{State: stateDeletedVisible, At: done})
		done = done.Add(s.opts.DeletedVisibleFor)
	}
	rec.sched.replan(now, append(steps, Transition{State: final, At: done})...)
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
