package fakeapi

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// lookup finds the live attachment named in the path, answering 404 if it
// does not exist (or no longer does, or is not visible yet under the
// eventual profile, or is merely answered as DELETED under the
// deleted-visible profile).
func (s *Server) lookup(c *call) (*record, bool) { return s.find(c, false) }

// find is lookup that, with deletedOK, also finds an attachment answered as
// DELETED.
func (s *Server) find(c *call, deletedOK bool) (*record, bool) {
	rec, ok := s.store.get(c.id, c.now)
	if ok && (rec.hidden(c.now) || !deletedOK && !rec.live(c.now)) {
		rec, ok = nil, false
	}
	if !ok {
		c.fail(http.StatusNotFound, "")
	}
	return rec, ok
}

// answerAttachment writes {"partner_attachment": ...}. state overrides the
// computed state so that the answer to a mutation always shows the pending
// state it started, even with a zero provisioning delay.
func (s *Server) answerAttachment(c *call, status int, rec *record, state string) {
	a := s.store.snapshot(rec, c.now)
	if state != "" {
		a.State = state
	}
	c.json(status, map[string]wireAttachment{"partner_attachment": s.toWire(a, false)})
}

func (s *Server) listAttachments(c *call) {
	writePage(c, "partner_attachments", s.store.listed(c.now), func(rec *record) wireAttachment {
		return s.toWire(s.store.snapshot(rec, c.now), true)
	})
}

func (s *Server) createAttachment(c *call) {
	var in createInput
	if !c.decode(&in) {
		return
	}
	if p := s.validateCreate(in, c.now); len(p) > 0 {
		c.fail(http.StatusUnprocessableEntity, strings.Join(p, "; "))
		return
	}
	rec := &record{Attachment: Attachment{
		ID:                        newUUID(),
		Name:                      in.Name,
		ConnectionBandwidthInMbps: in.Bandwidth,
		// The real API answers region and provider upper-case whatever the
		// client sent, which is exactly the kind of drift a provider must handle.
		Region:         strings.ToUpper(in.Region),
		NaaSProvider:   strings.ToUpper(in.NaaSProvider),
		VPCIDs:         in.VPCIDs,
		RedundancyZone: strings.ToUpper(in.RedundancyZone),
		ParentUUID:     in.ParentUUID,
		CreatedAt:      c.now,
	}, hiddenUntil: c.now.Add(s.store.lag)}
	if rec.RedundancyZone == "" && s.profiles[ProfileServerZone] {
		rec.RedundancyZone = s.serverZone(in.ParentUUID, c.now)
	}
	if in.BGP != nil {
		rec.BGP = toBGP(*in.BGP, nil)
	}
	s.begin(rec, c.now, StateCreating, s.createOutcome())
	s.store.add(rec)
	s.answerAttachment(c, http.StatusAccepted, rec, StateCreating)
}

// serverZone is the redundancy zone the server-zone profile picks for an
// attachment created without one: MEGAPORT_BLUE, except that a child of a
// MEGAPORT_BLUE parent goes to MEGAPORT_RED.
func (s *Server) serverZone(parentID string, now time.Time) string {
	if parent, ok := s.store.get(parentID, now); ok && parent.RedundancyZone == zoneBlue {
		return zoneRed
	}
	return zoneBlue
}

func (s *Server) getAttachment(c *call) {
	if rec, ok := s.find(c, true); ok {
		s.answerAttachment(c, http.StatusOK, rec, "")
	}
}

// patchAttachment applies the changes at once (a GET sees them immediately)
// and reports UPDATING for the provisioning delay. An attachment that is
// already mid-operation cannot be updated.
func (s *Server) patchAttachment(c *call) {
	rec, ok := s.lookup(c)
	if !ok {
		return
	}
	var in patchInput
	if !c.decode(&in) {
		return
	}
	if rec.sched.pending(c.now) {
		c.fail(http.StatusUnprocessableEntity, fmt.Sprintf("partner attachment %s is %s; wait until the operation completes before updating it", rec.ID, publicState(rec.sched.at(c.now))))
		return
	}
	if p := s.validatePatch(in, rec.ID, c.now); len(p) > 0 {
		c.fail(http.StatusUnprocessableEntity, strings.Join(p, "; "))
		return
	}
	if in.Name != nil {
		rec.Name = *in.Name
	}
	if in.VPCIDs != nil {
		rec.VPCIDs = *in.VPCIDs
	}
	if in.BGP != nil {
		rec.BGP = toBGP(*in.BGP, rec.BGP)
	}
	s.begin(rec, c.now, StateUpdating, s.opts.ReadyState)
	s.answerAttachment(c, http.StatusAccepted, rec, StateUpdating)
}

// deleteAttachment starts deletion, cancelling any operation in flight
// (unless a strict-delete profile refuses). Deleting an attachment that is
// already being deleted answers its current state without restarting the
// clock. An attachment answered as DELETED (deleted-visible profile) is 404
// here: there is nothing left to delete.
func (s *Server) deleteAttachment(c *call) {
	rec, ok := s.lookup(c)
	if !ok {
		return
	}
	// A forced (SetState) DELETING counts as being deleted, as it always has.
	if rec.sched.at(c.now) == StateDeleting || rec.sched.deleting(c.now) {
		s.answerAttachment(c, http.StatusAccepted, rec, "")
		return
	}
	if status := s.strictDeleteStatus(); status != 0 {
		if msg := s.deleteRefusal(rec, c.now); msg != "" {
			c.fail(status, msg)
			return
		}
	}
	s.begin(rec, c.now, StateDeleting, StateDeleted)
	s.answerAttachment(c, http.StatusAccepted, rec, StateDeleting)
}

// strictDeleteStatuses are the statuses the strict-delete profiles refuse with.
var strictDeleteStatuses = map[Profile]int{
	ProfileStrictDelete:    http.StatusConflict,
	ProfileStrictDelete422: http.StatusUnprocessableEntity,
	ProfileStrictDelete403: http.StatusForbidden,
}

// strictDeleteStatus is the status a strict-delete profile refuses a DELETE
// with, 0 when none is selected.
func (s *Server) strictDeleteStatus() int {
	for p, status := range strictDeleteStatuses {
		if s.profiles[p] {
			return status
		}
	}
	return 0
}

// deleteRefusal says why a strict API refuses to delete rec now, "" if it
// does not: a create or update is in flight, or live children remain
// (DELETING ones included).
func (s *Server) deleteRefusal(rec *record, now time.Time) string {
	if rec.sched.busy(now) {
		return fmt.Sprintf("partner attachment %s is %s; it cannot be deleted until the operation completes", rec.ID, publicState(rec.sched.at(now)))
	}
	if children := s.store.children(rec.ID, now); len(children) > 0 {
		return fmt.Sprintf("partner attachment %s has child attachments %s; delete them first", rec.ID, strings.Join(children, ", "))
	}
	return ""
}
