package fakeapi

import (
	"net/http"
	"testing"
	"time"
)

func TestSeedDefaults(t *testing.T) {
	h := newHarness(t, Options{ReadyState: "ACTIVE"})
	id := h.srv.Seed(SeedAttachment{Region: "fra"})
	a, ok := h.srv.Attachment(id)
	if !ok {
		t.Fatal("seeded attachment not found")
	}
	if a.Name != "seed-1" || a.State != "ACTIVE" || a.Region != "FRA" || a.NaaSProvider != "MEGAPORT" ||
		a.ConnectionBandwidthInMbps != 1000 || len(a.VPCIDs) != 1 || !a.CreatedAt.Equal(t0) || !uuidPattern.MatchString(id) {
		t.Errorf("seeded = %+v", a)
	}
	if _, ok := h.srv.ServiceKey(id); !ok {
		t.Error("a ready seeded attachment has no service key")
	}
}

func TestSeedExplicitFields(t *testing.T) {
	h := newHarness(t, Options{})
	in := SeedAttachment{
		ID: "fixed-id", Name: "odd name!", State: "ERROR", ConnectionBandwidthInMbps: 3,
		VPCIDs: []string{"v"}, BGP: &BGP{LocalASN: 1, AuthKey: "k"}, RemoteRoutes: []string{"10.0.0.0/8"},
		CreatedAt: t0.Add(-time.Hour),
	}
	id := h.srv.Seed(in)
	in.VPCIDs[0] = "changed by the caller"
	in.BGP.AuthKey = "changed by the caller"
	a, _ := h.srv.Attachment(id)
	if id != "fixed-id" || a.Name != "odd name!" || a.State != "ERROR" || a.VPCIDs[0] != "v" || a.BGP.AuthKey != "k" || !a.CreatedAt.Equal(t0.Add(-time.Hour)) {
		t.Errorf("seeded = %+v (bgp %+v)", a, a.BGP)
	}
	h.clock.Advance(time.Hour)
	if got := h.state(id); got != "ERROR" {
		t.Errorf("seeded state drifted to %s", got)
	}
}

func TestSnapshotsAreCopies(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.srv.Seed(SeedAttachment{BGP: &BGP{AuthKey: "k"}})
	a, _ := h.srv.Attachment(id)
	a.VPCIDs[0], a.BGP.AuthKey = "x", "x"
	b := h.srv.Attachments()[0]
	if b.VPCIDs[0] == "x" || b.BGP.AuthKey == "x" {
		t.Error("mutating a snapshot changed the stored attachment")
	}
}

func TestOutOfBandChanges(t *testing.T) {
	h := newHarness(t, Options{ProvisioningDelay: time.Minute})
	id := h.create("oob")

	if !h.srv.SetState(id, "ERROR") || h.state(id) != "ERROR" {
		t.Errorf("SetState: state = %s", h.state(id))
	}
	h.clock.Advance(time.Minute) // the cancelled create must not complete
	if h.state(id) != "ERROR" {
		t.Errorf("pending create overrode SetState: %s", h.state(id))
	}
	if !h.srv.Rename(id, "renamed") {
		t.Error("Rename failed")
	}
	if a, _ := h.srv.Attachment(id); a.Name != "renamed" {
		t.Errorf("name = %s", a.Name)
	}
	if !h.srv.DeleteOutOfBand(id) || h.state(id) != "404" {
		t.Error("DeleteOutOfBand did not remove the attachment at once")
	}
	if h.srv.Rename(id, "x") || h.srv.SetRemoteRoutes(id, nil) || h.srv.SetState(id, "CREATED") {
		t.Error("out-of-band changes to a deleted attachment reported success")
	}
	if _, ok := h.srv.Attachment(id); ok {
		t.Error("Attachment() still returns the deleted attachment")
	}
	tr := h.srv.Transitions(id)
	if last := tr[len(tr)-1]; last != (Transition{StateDeleted, t0.Add(time.Minute)}) {
		t.Errorf("last transition = %+v", last)
	}
	if h.srv.Transitions("unknown") != nil {
		t.Error("transitions of an unknown id")
	}
}

func TestChildrenIgnoreDeleted(t *testing.T) {
	h := newHarness(t, Options{})
	parent := h.srv.Seed(SeedAttachment{})
	kept := h.srv.Seed(SeedAttachment{ParentUUID: parent})
	gone := h.srv.Seed(SeedAttachment{ParentUUID: parent})
	h.srv.DeleteOutOfBand(gone)
	a, _ := h.srv.Attachment(parent)
	if len(a.Children) != 1 || a.Children[0] != kept {
		t.Errorf("children = %v, want [%s]", a.Children, kept)
	}
	if r := h.do(http.MethodGet, collection+"/"+kept, ""); r.object(t)["partner_attachment"].(map[string]any)["parent_uuid"] != parent {
		t.Errorf("child body = %s", r.body)
	}
}
