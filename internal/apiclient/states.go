package apiclient

import "strings"

// The API reference spells a ready attachment "CREATED" in its GET examples
// and "active" in its list example and field description; other
// DigitalOcean APIs answer "ACTIVE". A provider that compares what the list
// said with what a GET said must see one value, so every attachment the
// client returns has its state normalised (NormalizeState): upper case, and
// every spelling of ready reported as StateActive.
const (
	// StateActive is how a ready attachment's state is reported, whatever
	// the API spelled it.
	StateActive = "ACTIVE"
	// StateDeleted is the state of an attachment whose deletion has
	// finished but which the API still answers for a while (doctl waits
	// for it). The client treats such an attachment as gone.
	StateDeleted = "DELETED"
)

// readySpellings are the states that mean ready, upper-cased.
var readySpellings = []string{"CREATED", "ACTIVE", "AVAILABLE", "READY"}

// failureMarkers match error states such as ERROR, FAILED, CREATE_FAILED.
var failureMarkers = []string{"ERROR", "FAIL"}

// NormalizeState returns the canonical spelling of an API state: trimmed,
// upper case, and StateActive for every spelling of ready.
func NormalizeState(state string) string {
	s := strings.ToUpper(strings.TrimSpace(state))
	for _, r := range readySpellings {
		if s == r {
			return StateActive
		}
	}
	return s
}

// IsReady reports whether state (in any spelling) means ready.
func IsReady(state string) bool { return NormalizeState(state) == StateActive }

// IsFailed reports whether state is an error state.
func IsFailed(state string) bool {
	s := NormalizeState(state)
	for _, f := range failureMarkers {
		if strings.Contains(s, f) {
			return true
		}
	}
	return false
}

// IsDeleting reports whether state is on the way out (DELETING,
// DEPROVISIONING, DELETED, ...).
func IsDeleting(state string) bool {
	s := NormalizeState(state)
	return strings.Contains(s, "DELET") || strings.Contains(s, "DEPROVISION")
}

// IsPending reports whether state is an operation in flight that will end
// in ready: neither ready, nor failed, nor deleting. Undocumented
// intermediate states (PROVISIONING, UPDATING, ...) count as pending.
func IsPending(state string) bool {
	return !IsReady(state) && !IsFailed(state) && !IsDeleting(state)
}
