package fakeapi

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/digitalocean/godo"
)

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestCreate(t *testing.T) {
	h := newHarness(t, Options{ProvisioningDelay: time.Minute})
	pa, resp, err := h.godo.PartnerAttachment.Create(context.Background(), validCreate("env.prod-pnc"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusAccepted {
		t.Errorf("status = %d, want 202", resp.StatusCode)
	}
	want := godo.PartnerAttachment{
		ID: pa.ID, Name: "env.prod-pnc", State: StateCreating, ConnectionBandwidthInMbps: 1000,
		Region: "NYC", NaaSProvider: "MEGAPORT", VPCIDs: []string{"vpc-1"}, CreatedAt: t0,
		BGP: godo.BGP{LocalASN: DefaultLocalASN, LocalRouterIP: "169.254.0.1/29", PeerASN: 64999, PeerRouterIP: "169.254.0.6/29"},
	}
	if !uuidPattern.MatchString(pa.ID) {
		t.Errorf("id %q is not a UUID", pa.ID)
	}
	assertAttachment(t, pa, want)
	stored, _ := h.srv.Attachment(pa.ID)
	if stored.BGP == nil || stored.BGP.AuthKey != "secret-key" {
		t.Errorf("stored BGP = %+v, want the auth key as sent", stored.BGP)
	}
}

// assertAttachment compares godo's decoding with want, field by field.
func assertAttachment(t *testing.T, got *godo.PartnerAttachment, want godo.PartnerAttachment) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("attachment =\n %s\nwant\n %s", g, w)
	}
}

func TestCreateOptionalFields(t *testing.T) {
	h := newHarness(t, Options{})
	parent := h.create("parent")
	req := validCreate("child")
	req.BGP.LocalASN = 65010
	req.RedundancyZone = "megaport_red"
	req.ParentUuid = parent
	child, _, err := h.godo.PartnerAttachment.Create(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if child.BGP.LocalASN != 65010 || child.RedundancyZone != "MEGAPORT_RED" || child.ParentUuid != parent {
		t.Errorf("child = %+v", child)
	}
	p, _, err := h.godo.PartnerAttachment.Get(context.Background(), parent)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Children, []string{child.ID}) {
		t.Errorf("parent children = %v, want [%s]", p.Children, child.ID)
	}
}

func TestCreateWithoutBGP(t *testing.T) {
	h := newHarness(t, Options{})
	req := validCreate("no-bgp")
	req.BGP = godo.BGP{}
	pa, _, err := h.godo.PartnerAttachment.Create(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if pa.BGP != (godo.BGP{}) {
		t.Errorf("bgp = %+v, want empty", pa.BGP)
	}
	key, _, err := h.godo.PartnerAttachment.GetBGPAuthKey(context.Background(), pa.ID)
	if err != nil || key.Value != "" {
		t.Errorf("bgp auth key = %+v, %v; want empty value", key, err)
	}
}

func TestGetAndList(t *testing.T) {
	h := newHarness(t, Options{})
	a, b := h.create("a"), h.create("b")
	pa, _, err := h.godo.PartnerAttachment.Get(context.Background(), b)
	if err != nil || pa.ID != b || pa.Name != "b" || pa.State != StateCreated {
		t.Fatalf("get = %+v, %v", pa, err)
	}
	list, resp, err := h.godo.PartnerAttachment.List(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != a || list[1].ID != b {
		t.Errorf("list = %v, want [a b] in creation order", list)
	}
	if resp.Meta.Total != 2 {
		t.Errorf("meta.total = %d", resp.Meta.Total)
	}
}

func TestUpdate(t *testing.T) {
	h := newHarness(t, Options{ProvisioningDelay: time.Minute})
	id := h.create("before")
	h.clock.Advance(time.Minute)
	pa, resp, err := h.godo.PartnerAttachment.Update(context.Background(), id, &godo.PartnerAttachmentUpdateRequest{Name: "after", VPCIDs: []string{"vpc-2", "vpc-3"}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusAccepted || pa.State != StateUpdating || pa.Name != "after" {
		t.Errorf("update = %d %+v", resp.StatusCode, pa)
	}
	got, _, _ := h.godo.PartnerAttachment.Get(context.Background(), id)
	if got.Name != "after" || !slices.Equal(got.VPCIDs, []string{"vpc-2", "vpc-3"}) || got.State != StateUpdating {
		t.Errorf("after update GET = %+v, want changes visible while UPDATING", got)
	}
}

func TestPatchBGP(t *testing.T) {
	h := newHarness(t, Options{})
	req := validCreate("bgp")
	req.BGP.LocalASN = 65010
	pa, _, err := h.godo.PartnerAttachment.Create(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	// godo's update request has no bgp field, so send it raw.
	r := h.do(http.MethodPatch, collection+"/"+pa.ID, `{"bgp":{"local_router_ip":"169.254.1.1/29","peer_router_ip":"169.254.1.6/29","peer_router_asn":65020,"auth_key":"rotated"}}`)
	if r.status != http.StatusAccepted {
		t.Fatalf("patch = %d %s", r.status, r.body)
	}
	got, _ := h.srv.Attachment(pa.ID)
	want := BGP{LocalASN: 65010, LocalRouterIP: "169.254.1.1/29", PeerASN: 65020, PeerRouterIP: "169.254.1.6/29", AuthKey: "rotated"}
	if got.BGP == nil || *got.BGP != want {
		t.Errorf("bgp = %+v, want %+v (local ASN kept)", got.BGP, want)
	}
}

func TestDelete(t *testing.T) {
	h := newHarness(t, Options{ProvisioningDelay: time.Minute})
	id := h.create("doomed")
	h.clock.Advance(time.Minute)
	r := h.do(http.MethodDelete, collection+"/"+id, "")
	if r.status != http.StatusAccepted {
		t.Fatalf("delete = %d %s", r.status, r.body)
	}
	body := r.object(t)["partner_attachment"].(map[string]any)
	if body["state"] != StateDeleting || body["id"] != id {
		t.Errorf("delete body = %v", body)
	}
	if resp, err := h.godo.PartnerAttachment.Delete(context.Background(), id); err != nil || resp.StatusCode != http.StatusAccepted {
		t.Errorf("second delete through godo = %v, %v", resp, err)
	}
}

func TestBGPAuthKey(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create("k")
	key, _, err := h.godo.PartnerAttachment.GetBGPAuthKey(context.Background(), id)
	if err != nil || key.Value != "secret-key" {
		t.Errorf("auth key = %+v, %v", key, err)
	}
}

func TestRemoteRoutes(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create("routes")
	routes, resp, err := h.godo.PartnerAttachment.ListRoutes(context.Background(), id, nil)
	if err != nil || len(routes) != 0 || resp.Meta.Total != 0 {
		t.Fatalf("initial routes = %v, %v", routes, err)
	}
	h.srv.SetRemoteRoutes(id, []string{"10.10.10.0/24", "10.20.0.0/16"})
	routes, resp, err = h.godo.PartnerAttachment.ListRoutes(context.Background(), id, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(routes) != 2 || routes[0].Cidr != "10.10.10.0/24" || routes[1].Cidr != "10.20.0.0/16" || resp.Meta.Total != 2 {
		t.Errorf("routes = %v, meta %+v", routes, resp.Meta)
	}
}

func TestServiceKey(t *testing.T) {
	h := newHarness(t, Options{ProvisioningDelay: time.Minute, ServiceKeyDelay: 30 * time.Second})
	ctx := context.Background()
	id := h.create("sk")
	if _, resp, err := h.godo.PartnerAttachment.GetServiceKey(ctx, id); err == nil || resp.StatusCode != http.StatusNotFound {
		t.Fatalf("service key before ready: %v, %v; want 404", resp, err)
	}
	if _, resp, _ := h.godo.PartnerAttachment.RegenerateServiceKey(ctx, id); resp.StatusCode != http.StatusNotFound {
		t.Errorf("regenerate before ready = %d, want 404", resp.StatusCode)
	}
	h.clock.Advance(2 * time.Minute)
	first, _, err := h.godo.PartnerAttachment.GetServiceKey(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !uuidPattern.MatchString(first.Value) || first.State != StateCreated || !first.CreatedAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("service key = %+v, want a UUID created when the attachment became ready", first)
	}

	r := h.do(http.MethodPost, collection+"/"+id+"/service_key", "")
	if r.status != http.StatusAccepted || string(r.body) != "{}\n" {
		t.Fatalf("regenerate = %d %q, want 202 {}", r.status, r.body)
	}
	h.clock.Advance(29 * time.Second)
	if k, _, _ := h.godo.PartnerAttachment.GetServiceKey(ctx, id); k.Value != first.Value || k.State != StateCreated {
		t.Errorf("key during regeneration = %+v, want the old key", k)
	}
	h.clock.Advance(time.Second)
	second, _, _ := h.godo.PartnerAttachment.GetServiceKey(ctx, id)
	if second.Value == first.Value || second.State != StateCreated || !second.CreatedAt.Equal(h.clock.Now()) {
		t.Errorf("key after regeneration = %+v, want a new one", second)
	}
	if k, ok := h.srv.ServiceKey(id); !ok || k.Value != second.Value {
		t.Errorf("ServiceKey() = %+v, %v", k, ok)
	}
}
