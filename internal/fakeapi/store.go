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
}

// store keeps every attachment ever created, deleted ones included, so
// Transitions can still report when a deleted attachment disappeared.
// It is guarded by Server.mu.
type store struct {
	byID  map[string]*record
	order []*record // creation order, the order lists are returned in
}

func newStore() *store { return &store{byID: map[string]*record{}} }

func (st *store) add(rec *record) {
	st.byID[rec.ID] = rec
	st.order = append(st.order, rec)
}

// get returns the attachment with id unless it does not exist or is gone.
func (st *store) get(id string, now time.Time) (*record, bool) {
	rec, ok := st.byID[id]
	if !ok || rec.sched.at(now) == StateDeleted {
		return nil, false
	}
	return rec, true
}

// visible returns the attachments that exist at now, in creation order.
func (st *store) visible(now time.Time) []*record {
	out := []*record{}
	for _, rec := range st.order {
		if rec.sched.at(now) != StateDeleted {
			out = append(out, rec)
		}
	}
	return out
}

// nameTaken reports whether another existing attachment uses name.
// Attachments still DELETING count: their name is not free until they are gone.
func (st *store) nameTaken(name, exceptID string, now time.Time) bool {
	return slices.ContainsFunc(st.visible(now), func(rec *record) bool {
		return rec.Name == name && rec.ID != exceptID
	})
}

func (st *store) children(id string, now time.Time) []string {
	out := []string{}
	for _, rec := range st.visible(now) {
		if rec.ParentUUID == id {
			out = append(out, rec.ID)
		}
	}
	return out
}

// snapshot returns a deep copy of rec as it is at now.
func (st *store) snapshot(rec *record, now time.Time) Attachment {
	a := rec.Attachment
	a.State = rec.sched.at(now)
	a.Children = st.children(rec.ID, now)
	a.VPCIDs = slices.Clone(a.VPCIDs)
	a.RemoteRoutes = slices.Clone(a.RemoteRoutes)
	if a.BGP != nil {
		b := *a.BGP
		a.BGP = &b
	}
	return a
}
