package fakeapi

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// SeedAttachment describes an attachment to create instantly with Seed.
// Zero fields get defaults: a random ID, name "seed-N", the ready state,
// 1000 Mbps, region NYC, provider MEGAPORT, one random VPC id and the current
// time. Children is ignored (it is derived). Seeded values are not validated,
// so tests can plant data the API would refuse.
type SeedAttachment = Attachment

// Seed stores an attachment directly, bypassing validation and the
// provisioning delay, and returns its id. Its State stays as given until
// changed (SetState, PATCH, DELETE).
func (s *Server) Seed(a SeedAttachment) string {
	now := s.opts.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := &record{Attachment: a}
	rec.Children = nil
	defaults := []struct {
		field *string
		value string
	}{
		{&rec.ID, newUUID()},
		{&rec.Name, fmt.Sprintf("seed-%d", len(s.store.order)+1)},
		{&rec.State, s.opts.ReadyState},
		{&rec.Region, "NYC"},
		{&rec.NaaSProvider, "MEGAPORT"},
	}
	for _, d := range defaults {
		if *d.field == "" {
			*d.field = d.value
		}
	}
	rec.Region = strings.ToUpper(rec.Region)
	if rec.ConnectionBandwidthInMbps == 0 {
		rec.ConnectionBandwidthInMbps = 1000
	}
	if len(rec.VPCIDs) == 0 {
		rec.VPCIDs = []string{newUUID()}
	}
	if rec.CreatedAt.IsZero() {
		rec.CreatedAt = now
	}
	rec.VPCIDs, rec.RemoteRoutes = slices.Clone(rec.VPCIDs), slices.Clone(rec.RemoteRoutes)
	if rec.BGP != nil {
		b := *rec.BGP
		rec.BGP = &b
	}
	rec.sched = schedule{{State: rec.State, At: now}}
	s.store.add(rec)
	return rec.ID
}

// mutate runs fn on an existing attachment under the lock; it reports
// whether the attachment exists.
func (s *Server) mutate(id string, fn func(rec *record, now time.Time)) bool {
	now := s.opts.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.store.get(id, now)
	if ok {
		fn(rec, now)
	}
	return ok
}

// SetRemoteRoutes replaces the remote routes (CIDRs) an attachment reports.
func (s *Server) SetRemoteRoutes(id string, cidrs []string) bool {
	return s.mutate(id, func(rec *record, _ time.Time) { rec.RemoteRoutes = slices.Clone(cidrs) })
}

// Rename changes an attachment's name out of band (as if in the control
// panel), without validation and without a state change.
func (s *Server) Rename(id, name string) bool {
	return s.mutate(id, func(rec *record, _ time.Time) { rec.Name = name })
}

// SetState forces an attachment into state now, cancelling any operation in
// flight. StateDeleted removes it at once, whatever the profiles.
func (s *Server) SetState(id, state string) bool {
	return s.mutate(id, func(rec *record, now time.Time) {
		rec.sched.replan(now, Transition{State: state, At: now})
	})
}

// DeleteOutOfBand makes an attachment disappear at once, as if deleted by
// someone else; the next GET answers 404.
func (s *Server) DeleteOutOfBand(id string) bool { return s.SetState(id, StateDeleted) }

// Attachment returns a snapshot of an existing attachment (one answered as
// DELETED under the deleted-visible profile included).
func (s *Server) Attachment(id string) (Attachment, bool) {
	var a Attachment
	ok := s.mutate(id, func(rec *record, now time.Time) { a = s.store.snapshot(rec, now) })
	return a, ok
}

// Attachments returns snapshots of all existing attachments in creation
// order, in their true state: including those the eventual profile still
// hides and those answered as DELETED, excluding gone ones it still lists.
func (s *Server) Attachments() []Attachment {
	now := s.opts.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Attachment{}
	for _, rec := range s.store.visible(now) {
		out = append(out, s.store.snapshot(rec, now))
	}
	return out
}

// ServiceKey returns the service key the API would answer with now.
func (s *Server) ServiceKey(id string) (ServiceKey, bool) {
	var key *ServiceKey
	s.mutate(id, func(rec *record, now time.Time) { key = s.settleKey(rec, now) })
	if key == nil {
		return ServiceKey{}, false
	}
	return *key, true
}

// Transitions returns the state changes of an attachment that have taken
// effect, oldest first, including StateDeleted once it is gone; nil for an
// unknown id. Under the deleted-visible profile StateDeleted appears twice:
// when the deletion completed (answered DELETED from then on) and when the
// attachment disappeared.
func (s *Server) Transitions(id string) []Transition {
	now := s.opts.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.store.byID[id]
	if !ok {
		return nil
	}
	out := rec.sched.effective(now)
	for i := range out {
		out[i].State = publicState(out[i].State)
	}
	return out
}
