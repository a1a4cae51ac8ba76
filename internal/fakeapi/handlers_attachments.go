package fakeapi

import (
	"fmt"
	"net/http"
	"strings"
)

// lookup finds the attachment named in the path, answering 404 if it does
// not exist (or no longer does).
func (s *Server) lookup(c *call) (*record, bool) {
	rec, ok := s.store.get(c.id, c.now)
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
	c.json(status, map[string]wireAttachment{"partner_attachment": toWire(a)})
}

func (s *Server) listAttachments(c *call) {
	writePage(c, "partner_attachments", s.store.visible(c.now), func(rec *record) wireAttachment {
		return toWire(s.store.snapshot(rec, c.now))
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
	}}
	if in.BGP != nil {
		rec.BGP = toBGP(*in.BGP, nil)
	}
	s.begin(rec, c.now, StateCreating, s.createOutcome())
	s.store.add(rec)
	s.answerAttachment(c, http.StatusAccepted, rec, StateCreating)
}

func (s *Server) getAttachment(c *call) {
	if rec, ok := s.lookup(c); ok {
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
		c.fail(http.StatusUnprocessableEntity, fmt.Sprintf("partner attachment %s is %s; wait until the operation completes before updating it", rec.ID, rec.sched.at(c.now)))
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

// deleteAttachment starts deletion, cancelling any operation in flight.
// Deleting an attachment that is already DELETING answers the same again
// without restarting the clock.
func (s *Server) deleteAttachment(c *call) {
	rec, ok := s.lookup(c)
	if !ok {
		return
	}
	if rec.sched.at(c.now) != StateDeleting {
		s.begin(rec, c.now, StateDeleting, StateDeleted)
	}
	s.answerAttachment(c, http.StatusAccepted, rec, StateDeleting)
}
