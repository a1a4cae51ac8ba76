package provider

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

// fuzzAttachmentID is the attachment FuzzFlattenAttachment reads.
const fuzzAttachmentID = "5a4981aa-9653-4bd1-bef5-d6bff52042e4"

// FuzzFlattenAttachment answers a read of one attachment with arbitrary
// bytes (HTTP 200) and decodes them the way the provider does, through
// apiclient (godo plus its checks). The read must give an attachment or a
// *apiclient.MalformedError, API error or *apiclient.GoneError. An
// attachment is flattened onto (a) an empty prior, (b) the prior of an
// import and (c) a prior with a configured bgp block and redundancy zone.
// Flattening must not panic, must keep the attachment's ID, and the model
// must be storable as the resource's state. One server and one client serve
// every input.
func FuzzFlattenAttachment(f *testing.F) {
	for _, seed := range []string{
		// From the API reference.
		`{"partner_attachment": {"bgp": {"local_asn": 65000, "local_router_ip": "2.2.2.2/29", "peer_asn": 65001, "peer_router_ip": "3.3.3.3/29"},
		  "connection_bandwidth_in_mbps": 1000, "created_at": "2025-03-27T13:03:53Z", "id": "5a4981aa-9653-4bd1-bef5-d6bff52042e4",
		  "naas_provider": "MEGAPORT", "name": "env.prod-partner-network-connect", "region": "NYC", "state": "CREATED",
		  "vpc_ids": ["796c6fe3-2a1d-4da2-9f3e-38239827dc91"]}}`,
		`{"bgp": {"local_asn": 65432, "local_router_ip": "169.254.0.1/29", "peer_asn": 133937, "peer_router_ip": "169.254.0.6/29"},
		  "connection_bandwidth_in_mbps": 10000, "created_at": "2020-03-13T19:20:47.442049222Z", "id": "5a4981aa-9653-4bd1-bef5-d6bff52042e4",
		  "naas_provider": "MEGAPORT", "name": "env.prod-partner-network-connect", "region": "nyc", "state": "active",
		  "urn": "do:partner_attachment:5a4981aa-9653-4bd1-bef5-d6bff52042e4", "vpc_ids": ["796c6fe3-2a1d-4da2-9f3e-38239827dc91"]}`,
		// HA pair members.
		`{"partner_attachment": {"id": "p", "redundancy_zone": "MEGAPORT_RED", "children": ["c"], "region": "NYC", "naas_provider": "megaport"}}`,
		`{"partner_attachment": {"id": "c", "redundancy_zone": "MEGAPORT_BLUE", "parent_uuid": "p"}}`,
		// Nasty ones.
		``, `null`, `[]`, `{}`, `""`, `{"partner_attachment": null}`, `{"partner_attachment": {}}`, `{"partner_attachment":`,
		`<html><title>502</title></html>`,
		`{"partner_attachment": {"id": "", "name": ""}}`,
		`{"partner_attachment": {"id": null, "name": null, "state": null, "vpc_ids": null, "children": null, "created_at": null}}`,
		`{"partner_attachment": {"id": "a", "vpc_ids": ["v", "v", ""], "children": ["c", "c"]}}`,
		`{"partner_attachment": {"id": "a", "vpc_ids": [null], "children": []}}`,
		`{"partner_attachment": {"id": "a", "bgp": {}}}`,
		`{"partner_attachment": {"id": "a", "bgp": {"local_asn": 64512}}}`,
		`{"partner_attachment": {"id": "a", "bgp": {"local_router_asn": 64512, "peer_router_asn": 65001, "peer_router_ip": "x"}}}`,
		`{"partner_attachment": {"id": "a", "bgp": {"peer_asn": -1}}}`,
		`{"partner_attachment": {"id": "a", "bgp": {"local_asn": null, "peer_asn": null}}}`,
		`{"partner_attachment": {"id": "a", "bgp": null}}`,
		`{"partner_attachment": {"id": "a", "connection_bandwidth_in_mbps": 9223372036854775807}}`,
		`{"partner_attachment": {"id": "a", "connection_bandwidth_in_mbps": 1e30}}`,
		`{"partner_attachment": {"id": "a", "connection_bandwidth_in_mbps": "big"}}`,
		`{"partner_attachment": {"id": "a", "created_at": "0001-01-01T00:00:00Z"}}`,
		`{"partner_attachment": {"id": "a", "created_at": "0000-01-01T00:00:00+23:59"}}`,
		`{"partner_attachment": {"id": "a", "created_at": "9999-12-31T23:59:59.999999999-23:59"}}`,
		`{"partner_attachment": {"id": "a", "created_at": "yesterday"}}`,
		`{"partner_attachment": {"id": "a", "region": "ÑYC", "naas_provider": "ǅ", "name": "\u0000\ud800"}}`,
		`{"partner_attachment": {"id": "\xff", "region": "\xff", "state": "\xff"}}`,
	} {
		f.Add([]byte(seed))
	}
	ctx := context.Background()
	sch := partnerAttachmentResourceSchema(ctx)
	stateType := sch.Type().TerraformType(ctx)
	srv := newFuzzAttachmentServer(f)
	client, err := apiclient.New(apiclient.Config{Token: "t", APIEndpoint: srv.URL})
	if err != nil {
		f.Fatal(err)
	}
	attachments := apiclient.NewAttachments(client)
	f.Fuzz(func(t *testing.T, data []byte) {
		srv.answer(data)
		a, err := attachments.Get(ctx, fuzzAttachmentID)
		if stray := srv.strays(); len(stray) > 0 {
			t.Fatalf("the read sent %q", stray)
		}
		if err != nil {
			checkFuzzReadError(t, err)
			return
		}
		if a == nil {
			t.Fatal("no error and no attachment")
		}
		priors := map[string]attachmentModel{
			"empty":      {},
			"import":     newImportPrior(ctx),
			"configured": configuredPrior(t),
		}
		for name, prior := range priors {
			m, diags := flattenAttachment(ctx, a, prior)
			if m.ID.ValueString() != a.ID {
				t.Fatalf("%s prior: model ID %v, attachment ID %q", name, m.ID, a.ID)
			}
			if diags.HasError() {
				t.Fatalf("%s prior: flattening %+v: %v", name, a, diags)
			}
			checkFlattened(t, name, a, prior, m)
			if name == "empty" {
				continue // no timeouts type: not a complete model
			}
			st := tfsdk.State{Schema: sch, Raw: tftypes.NewValue(stateType, nil)}
			if d := st.Set(ctx, &m); d.HasError() {
				t.Fatalf("%s prior: the flattened model of %+v cannot be state: %v", name, a, d)
			}
			var back attachmentModel
			if d := st.Get(ctx, &back); d.HasError() || !back.ID.Equal(m.ID) {
				t.Fatalf("%s prior: state does not read back: %v", name, d)
			}
		}
	})
}

// fuzzAttachmentServer answers GET of fuzzAttachmentID with the current
// input and HTTP 200, and notes any other request.
type fuzzAttachmentServer struct {
	*httptest.Server
	mu    sync.Mutex
	body  []byte
	stray []string
}

func newFuzzAttachmentServer(f *testing.F) *fuzzAttachmentServer {
	s := &fuzzAttachmentServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		body := s.body
		if r.Method != http.MethodGet || r.URL.EscapedPath() != apiclient.AttachmentsPath+"/"+fuzzAttachmentID {
			s.stray = append(s.stray, r.Method+" "+r.URL.String())
			s.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"id":"not_found","message":"The resource you were accessing could not be found."}`))
			return
		}
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	}))
	f.Cleanup(s.Close)
	return s
}

// answer sets the body of the next answers.
func (s *fuzzAttachmentServer) answer(body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.body, s.stray = body, nil
}

// strays are the requests since answer that were not the read.
func (s *fuzzAttachmentServer) strays() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.stray...)
}

// checkFuzzReadError fails unless err is one the provider's read handles: a
// *apiclient.MalformedError naming the read and its HTTP 200, an API error
// or a *apiclient.GoneError.
func checkFuzzReadError(t *testing.T, err error) {
	t.Helper()
	var me *apiclient.MalformedError
	var gone *apiclient.GoneError
	path := apiclient.AttachmentsPath + "/" + fuzzAttachmentID
	switch _, isAPI := apiclient.AsAPIError(err); {
	case isAPI:
	case errors.As(err, &me):
		if me.Method != http.MethodGet || me.Path != path || me.Status != http.StatusOK {
			t.Fatalf("MalformedError names %s %s HTTP %d, want GET %s HTTP 200: %v", me.Method, me.Path, me.Status, path, err)
		}
	case errors.As(err, &gone):
		if gone.ID == "" || gone.State != apiclient.StateDeleted {
			t.Fatalf("GoneError %+v", gone)
		}
	default:
		t.Fatalf("%T is neither a *MalformedError, an API error nor a *GoneError: %v", err, err)
	}
}

// configuredPrior is a state with a bgp block (auth key and write-only
// version set) and a redundancy zone.
func configuredPrior(t *testing.T) attachmentModel {
	t.Helper()
	ctx := context.Background()
	bgp, d := types.ObjectValueFrom(ctx, bgpAttrTypes, bgpModel{
		LocalRouterIP: types.StringValue("169.254.0.1/29"), PeerRouterIP: types.StringValue("169.254.0.6/29"),
		PeerRouterASN: types.Int64Value(65001), AuthKey: types.StringValue("prior-auth-key"),
		AuthKeyWO: types.StringNull(), AuthKeyWOVersion: types.Int64Value(3), LocalASN: types.Int64Value(64532),
	})
	vpcs, d2 := types.SetValueFrom(ctx, types.StringType, []string{"796c6fe3-2a1d-4da2-9f3e-38239827dc91"})
	d.Append(d2...)
	if d.HasError() {
		t.Fatal(d)
	}
	return attachmentModel{
		ID: types.StringValue("prior-id"), Name: types.StringValue("prior"), ConnectionBandwidthInMbps: types.Int64Value(1000),
		Region: types.StringValue("NYC"), NaaSProvider: types.StringValue("megaport"), VPCIDs: vpcs, BGP: bgp,
		RedundancyZone: types.StringValue("MEGAPORT_BLUE"), ParentUUID: types.StringValue("prior-parent"),
		State: types.StringValue("ACTIVE"), CreatedAt: timetypes.NewRFC3339Null(), Children: types.SetNull(types.StringType),
		Timeouts: nullTimeouts(ctx),
	}
}

func checkFlattened(t *testing.T, name string, a *godo.PartnerAttachment, prior, m attachmentModel) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("%s prior, attachment %+v: "+format, append([]any{name, a}, args...)...)
	}
	if m.ID.IsNull() || m.ID.IsUnknown() || m.ID.ValueString() != a.ID {
		fail("ID %v, want %q", m.ID, a.ID)
	}
	if m.Name.ValueString() != a.Name || m.State.ValueString() != a.State {
		fail("name %v, state %v", m.Name, m.State)
	}
	if m.ConnectionBandwidthInMbps.ValueInt64() != int64(a.ConnectionBandwidthInMbps) {
		fail("bandwidth %v", m.ConnectionBandwidthInMbps)
	}
	if !strings.EqualFold(m.Region.ValueString(), a.Region) && m.Region.ValueString() != strings.ToLower(a.Region) {
		fail("region %v", m.Region)
	}
	if m.VPCIDs.IsNull() || m.VPCIDs.IsUnknown() || m.Children.IsNull() || m.Children.IsUnknown() {
		fail("vpc_ids %v, children %v: sets are always known", m.VPCIDs, m.Children)
	}
	if a.RedundancyZone != "" && m.RedundancyZone.ValueString() != a.RedundancyZone {
		fail("redundancy_zone %v, the API said %q", m.RedundancyZone, a.RedundancyZone)
	}
	if a.RedundancyZone == "" && !m.RedundancyZone.Equal(prior.RedundancyZone) && !prior.RedundancyZone.IsUnknown() {
		fail("redundancy_zone %v, the prior held %v", m.RedundancyZone, prior.RedundancyZone)
	}
	hasSession := a.BGP.LocalRouterIP != "" || a.BGP.PeerRouterIP != "" || a.BGP.PeerASN != 0
	if m.BGP.IsNull() == hasSession {
		fail("bgp null %v, but the API's session %+v", m.BGP.IsNull(), a.BGP)
	}
	if hasSession && name == "configured" {
		var b bgpModel
		if d := m.BGP.As(context.Background(), &b, basetypes.ObjectAsOptions{}); d.HasError() {
			fail("bgp does not decode: %v", d)
		}
		if b.AuthKey.ValueString() != "prior-auth-key" || b.AuthKeyWOVersion.ValueInt64() != 3 || !b.AuthKeyWO.IsNull() {
			fail("bgp lost what only the prior knows: %+v", b)
		}
		if b.PeerRouterASN.ValueInt64() != int64(a.BGP.PeerASN) || b.LocalASN.ValueInt64() != int64(a.BGP.LocalASN) {
			fail("bgp ASNs %+v", b)
		}
	}
}
