package provider

import (
	"context"
	"testing"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func testModel(t *testing.T, region, provider string, bgp *bgpModel) attachmentModel {
	t.Helper()
	ctx := context.Background()
	vpcs, _ := types.SetValueFrom(ctx, types.StringType, []string{vpcA})
	m := attachmentModel{
		Name: types.StringValue("link"), ConnectionBandwidthInMbps: types.Int64Value(1000),
		Region: types.StringValue(region), NaaSProvider: types.StringValue(provider), VPCIDs: vpcs,
		BGP: types.ObjectNull(bgpAttrTypes), RedundancyZone: types.StringUnknown(), ParentUUID: types.StringNull(),
	}
	if bgp != nil {
		obj, d := types.ObjectValueFrom(ctx, bgpAttrTypes, *bgp)
		if d.HasError() {
			t.Fatal(d)
		}
		m.BGP = obj
	}
	return m
}

func testBGP(key string, asn int64) *bgpModel {
	return &bgpModel{
		LocalRouterIP: types.StringValue("169.254.0.1/29"), PeerRouterIP: types.StringValue("169.254.0.6/29"),
		PeerRouterASN: types.Int64Value(asn), AuthKey: types.StringValue(key), LocalASN: types.Int64Unknown(),
	}
}

func TestExpandCreateRequest(t *testing.T) {
	req, diags := expandCreateRequest(context.Background(), testModel(t, "nyc", "megaport", testBGP("k1", 64532)))
	if diags.HasError() {
		t.Fatal(diags)
	}
	want := godo.BGP{LocalRouterIP: "169.254.0.1/29", PeerRouterIP: "169.254.0.6/29", PeerASN: 64532, AuthKey: "k1"}
	if req.BGP != want || req.Region != "nyc" || req.NaaSProvider != "megaport" || len(req.VPCIDs) != 1 || req.RedundancyZone != "" {
		t.Fatalf("unexpected request %+v", req)
	}
}

func TestExpandUpdateRequestSendsOnlyChanges(t *testing.T) {
	ctx := context.Background()
	state := testModel(t, "nyc", "MEGAPORT", testBGP("k1", 64532))
	cases := []struct {
		name   string
		change func(*attachmentModel)
		check  func(updateRequest) bool
	}{
		{"nothing", func(*attachmentModel) {}, updateRequest.empty},
		{"letter case only", func(m *attachmentModel) { m.Region = types.StringValue("NYC") }, updateRequest.empty},
		{"name", func(m *attachmentModel) { m.Name = types.StringValue("new") }, func(u updateRequest) bool {
			return u.Name == "new" && u.VPCIDs == nil && u.BGP == nil
		}},
		{"vpc ids", func(m *attachmentModel) {
			m.VPCIDs, _ = types.SetValueFrom(ctx, types.StringType, []string{vpcA, vpcB})
		}, func(u updateRequest) bool { return u.Name == "" && len(u.VPCIDs) == 2 && u.BGP == nil }},
		{"auth key only", func(m *attachmentModel) { m.BGP = testModel(t, "nyc", "x", testBGP("k2", 64532)).BGP },
			func(u updateRequest) bool {
				return u.BGP != nil && u.BGP.AuthKey == "k2" && u.BGP.PeerRouterASN == 64532
			}},
		{"peer asn", func(m *attachmentModel) { m.BGP = testModel(t, "nyc", "x", testBGP("k1", 1)).BGP },
			func(u updateRequest) bool { return u.BGP != nil && u.BGP.PeerRouterASN == 1 && u.Name == "" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			plan := state
			tc.change(&plan)
			u, diags := expandUpdateRequest(ctx, plan, state)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if !tc.check(u) {
				t.Fatalf("unexpected update request %+v", u)
			}
		})
	}
}

func TestFlattenAttachment(t *testing.T) {
	ctx := context.Background()
	api := &godo.PartnerAttachment{
		ID: "id-1", Name: "link", State: "CREATED", ConnectionBandwidthInMbps: 1000, Region: "NYC", NaaSProvider: "MEGAPORT",
		VPCIDs: []string{vpcA}, BGP: godo.BGP{LocalASN: 64532, LocalRouterIP: "169.254.0.1/29", PeerASN: 64532, PeerRouterIP: "169.254.0.6/29"},
		CreatedAt: time.Date(2025, 3, 27, 13, 3, 53, 442049222, time.UTC),
	}

	t.Run("keeps the user's letter case and the auth key", func(t *testing.T) {
		m, diags := flattenAttachment(ctx, api, testModel(t, "nyc", "megaport", testBGP("secret", 64532)))
		if diags.HasError() {
			t.Fatal(diags)
		}
		b, _ := bgpFromObject(ctx, m.BGP, &diags)
		if m.Region.ValueString() != "nyc" || m.NaaSProvider.ValueString() != "megaport" || b.AuthKey.ValueString() != "secret" || b.LocalASN.ValueInt64() != 64532 {
			t.Fatalf("got region=%s provider=%s bgp=%+v", m.Region, m.NaaSProvider, b)
		}
		if m.CreatedAt.ValueString() != "2025-03-27T13:03:53Z" || !m.ParentUUID.IsNull() || !m.RedundancyZone.IsNull() || len(m.Children.Elements()) != 0 {
			t.Fatalf("got created_at=%s parent=%s zone=%s children=%s", m.CreatedAt, m.ParentUUID, m.RedundancyZone, m.Children)
		}
	})

	t.Run("after import: canonical case, no auth key yet", func(t *testing.T) {
		prior := attachmentModel{Region: types.StringNull(), NaaSProvider: types.StringNull(), BGP: types.ObjectNull(bgpAttrTypes)}
		m, diags := flattenAttachment(ctx, api, prior)
		if diags.HasError() {
			t.Fatal(diags)
		}
		b, _ := bgpFromObject(ctx, m.BGP, &diags)
		if m.Region.ValueString() != "nyc" || m.NaaSProvider.ValueString() != "MEGAPORT" || !b.AuthKey.IsNull() {
			t.Fatalf("got region=%s provider=%s key=%s", m.Region, m.NaaSProvider, b.AuthKey)
		}
		withKey := withAuthKey(ctx, m.BGP, "fetched", &diags)
		b, _ = bgpFromObject(ctx, withKey, &diags)
		if b.AuthKey.ValueString() != "fetched" {
			t.Fatalf("withAuthKey did not set the key: %+v", b)
		}
	})

	t.Run("a real change of region is not hidden", func(t *testing.T) {
		m, _ := flattenAttachment(ctx, api, testModel(t, "ams", "MEGAPORT", nil))
		if m.Region.ValueString() != "nyc" {
			t.Fatalf("region %s", m.Region)
		}
	})

	t.Run("no bgp from the API is null", func(t *testing.T) {
		noBGP := *api
		noBGP.BGP = godo.BGP{}
		m, _ := flattenAttachment(ctx, &noBGP, testModel(t, "nyc", "MEGAPORT", nil))
		if !m.BGP.IsNull() {
			t.Fatalf("bgp %s", m.BGP)
		}
	})
}
