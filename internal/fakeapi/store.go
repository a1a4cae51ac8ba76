package fakeapi

import (
	"slices"
	"time"
)

// Attachment is a snapshot of an emulated partner attachment, including what
// the API never returns (the BGP auth key, remote routes) so tests can assert
// what reached the server.
type Attachment struct {
	ID                        string
	Name                      string
	State                     string
	ConnectionBandwidthInMbps int
	Region                    string
	NaaSProvider              string
	VPCIDs                    []string
	BGP                       *BGP // nil when BGP was never configured
	RedundancyZone            string
	ParentUUID                string
	Children                  []string // derived: attachments whose ParentUUID is ID
	CreatedAt                 time.Time
	RemoteRoutes              []string
}

// BGP is an attachment's BGP session configuration.
type BGP struct {
	LocalASN      int
	LocalRouterIP string
	PeerASN       int
	PeerRouterIP  string
	AuthKey       string
}

// record is the stored form of an attachment. The embedded Attachment holds
// the configured fields; State and Children are derived on snapshot.
type record struct {
	Attachment
	sched   schedule
	key     *ServiceKey
	nextKey *ServiceKey
	// hiddenUntil is when a new attachment becomes visible to the API's
	// readers (eventual profile); zero for seeded ones.
	hiddenUntil time.Time
}

// exists reports whether rec has not disappeared by now.
func (rec *record) exists(now time.Time) bool { return rec.sched.at(now) != StateDeleted }

// live reports whether rec exists and is not merely answered as DELETED
// (deleted-visible profile): only a live attachment holds its name, counts
// as a child and can be acted on.
func (rec *record) live(now time.Time) bool {
	state := rec.sched.at(now)
	return state != StateDeleted && state != stateDeletedVisible
}

// hidden reports whether the API's readers cannot see rec yet (eventual
// profile).
func (rec *record) hidden(now time.Time) bool { return now.Before(rec.hiddenUntil) }

// store keeps every attachment ever created, deleted ones included, so
// Transitions can still report when a deleted attachment disappeared.
// It is guarded by Server.mu.
type store struct {
	byID  map[string]*record
	order []*record // creation order, the order lists are returned in
	// lag is how long a new attachment stays hidden and a gone one listed
	// (eventual profile; zero otherwise).
	lag time.Duration
}

func newStore(lag time.Duration) *store { return &store{byID: map[string]*record{}, lag: lag} }

func (st *store) add(rec *record) {
	st.byID[rec.ID] = rec
	st.order = append(st.order, rec)
}

// get returns the attachment with id unless it does not exist or is gone.
func (st *store) get(id string, now time.Time) (*record, bool) {
	rec, ok := st.byID[id]
	if !ok || !rec.exists(now) {
		return nil, false
	}
	return rec, true
}

// visible returns the attachments that exist at now, in creation order.
func (st *store) visible(now time.Time) []*record {
	return st.filter(func(rec *record) bool { return rec.exists(now) })
}

// listed returns the attachments the list answers at now: those that exist,
// except ones still hidden, plus ones gone less than the lag ago.
func (st *store) listed(now time.Time) []*record {
	return st.filter(func(rec *record) bool {
		if at, _, gone := rec.sched.gone(now); gone {
			return now.Before(at.Add(st.lag))
		}
		return !rec.hidden(now)
	})
}

func (st *store) filter(keep func(*record) bool) []*record {
	out := []*record{}
	for _, rec := range st.order {
		if keep(rec) {
			out = append(out, rec)
		}
	}
	return out
}

// nameTaken reports whether another live attachment uses name.
// Attachments still DELETING count: their name is not free until they are gone.
func (st *store) nameTaken(name, exceptID string, now time.Time) bool {
	return slices.ContainsFunc(st.order, func(rec *record) bool {
		return rec.Name == name && rec.ID != exceptID && rec.live(now)
	})
}

// children returns the ids of the live attachments whose parent is id.
func (st *store) children(id string, now time.Time) []string {
	out := []string{}
	for _, rec := range st.order {
		if rec.ParentUUID == id && rec.live(now) {
			out = append(out, rec.ID)
		}
	}
	return out
}

// snapshot returns a deep copy of rec as it is at now; a gone attachment
// (still listed under the eventual profile) as it was last seen.
func (st *store) snapshot(rec *record, now time.Time) Attachment {
	a := rec.Attachment
	a.State = rec.sched.at(now)
	if _, lastSeen, gone := rec.sched.gone(now); gone {
		a.State = lastSeen
	}
	a.State = publicState(a.State)
	a.Children = st.children(rec.ID, now)
	a.VPCIDs = slices.Clone(a.VPCIDs)
	a.RemoteRoutes = slices.Clone(a.RemoteRoutes)
	if a.BGP != nil {
		b := *a.BGP
		a.BGP = &b
	}
	return a
}
