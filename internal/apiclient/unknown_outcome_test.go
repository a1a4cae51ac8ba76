package apiclient

import (
	"context"
	"slices"
	"testing"

	"github.com/digitalocean/godo"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// Differs decides what a lost create may adopt: only an
// attachment equal to the request in every setting, the auth key included.
// Two VPC ids, as the API spells them.
const (
	vpcOne = "5f7c3a52-9a0e-4c59-8a8c-0d1f0b7b2a11"
	vpcTwo = "7d2e9b64-1c3f-4e8a-9b5d-2a6c4f8e0b22"
)

func TestDiffers(t *testing.T) {
	api := fakeapi.NewTestServer(t, fakeapi.Options{})
	client, err := New(Config{Token: api.Token(), APIEndpoint: api.URL(), UserAgent: "test"})
	if err != nil {
		t.Fatal(err)
	}
	bgp := godo.BGP{LocalRouterIP: "169.254.0.1/29", PeerRouterIP: "169.254.0.6/29", PeerASN: 64532, AuthKey: "the-key"}
	request := func(edit func(*godo.PartnerAttachmentCreateRequest)) *godo.PartnerAttachmentCreateRequest {
		r := &godo.PartnerAttachmentCreateRequest{
			Name: "adoptable", ConnectionBandwidthInMbps: 1000, Region: "nyc", NaaSProvider: "megaport",
			VPCIDs: []string{vpcTwo, vpcOne}, BGP: bgp, RedundancyZone: "MEGAPORT_BLUE",
		}
		edit(r)
		return r
	}
	id := api.Seed(fakeapi.SeedAttachment{
		Name: "adoptable", Region: "NYC", NaaSProvider: "MEGAPORT", VPCIDs: []string{vpcOne, vpcTwo}, RedundancyZone: "MEGAPORT_BLUE",
		BGP: &fakeapi.BGP{LocalRouterIP: bgp.LocalRouterIP, PeerRouterIP: bgp.PeerRouterIP, PeerASN: bgp.PeerASN, AuthKey: bgp.AuthKey},
	})
	existing, _, err := client.PartnerAttachment.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		edit func(*godo.PartnerAttachmentCreateRequest)
		want []string
	}{
		{"same (letter case and order aside)", func(*godo.PartnerAttachmentCreateRequest) {}, nil},
		{"zone left to the API", func(r *godo.PartnerAttachmentCreateRequest) { r.RedundancyZone = "" }, nil},
		{"region", func(r *godo.PartnerAttachmentCreateRequest) { r.Region = "ams" }, []string{"region"}},
		{"bandwidth and vpcs", func(r *godo.PartnerAttachmentCreateRequest) {
			r.ConnectionBandwidthInMbps, r.VPCIDs = 2000, []string{vpcOne}
		}, []string{"connection_bandwidth_in_mbps", "vpc_ids"}},
		{"zone and parent", func(r *godo.PartnerAttachmentCreateRequest) {
			r.RedundancyZone, r.ParentUuid = "MEGAPORT_RED", "someone"
		}, []string{"redundancy_zone", "parent_uuid"}},
		{"no bgp wanted", func(r *godo.PartnerAttachmentCreateRequest) { r.BGP = godo.BGP{} }, []string{"bgp"}},
		{"bgp peer", func(r *godo.PartnerAttachmentCreateRequest) { r.BGP.PeerASN = 64999 }, []string{"bgp.peer_router_asn"}},
		{"auth key", func(r *godo.PartnerAttachmentCreateRequest) { r.BGP.AuthKey = "another-key" }, []string{"bgp.auth_key"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NewAttachments(client).Differs(context.Background(), existing, request(tc.edit))
			if err != nil || !slices.Equal(got, tc.want) {
				t.Fatalf("differs = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestOutcomeUnknown(t *testing.T) {
	api, cfg := newTestClient(t, 0)
	c := mustClient(t, cfg)
	for status, want := range map[int]bool{422: false, 404: false, 401: false, 501: false, 429: true, 500: true, 503: true} {
		api.InjectFaults(fakeapi.Fault{Status: status})
		_, _, err := c.PartnerAttachment.List(context.Background(), nil)
		if got := OutcomeUnknown(err); got != want {
			t.Errorf("HTTP %d: OutcomeUnknown = %v, want %v", status, got, want)
		}
	}
	if OutcomeUnknown(nil) {
		t.Error("no error is a known outcome")
	}
	if !OutcomeUnknown(context.Canceled) {
		t.Error("a request cut short has an unknown outcome")
	}
}
