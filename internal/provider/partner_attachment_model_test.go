package provider

import (
	"context"
	"testing"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
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
	// auth_key_wo and its version stay null (zero values) unless a test sets them.
	return &bgpModel{
		LocalRouterIP: types.StringValue("169.254.0.1/29"), PeerRouterIP: types.StringValue("169.254.0.6/29"),
		PeerRouterASN: types.Int64Value(asn), AuthKey: types.StringValue(key), LocalASN: types.Int64Unknown(),
	}
}

func TestExpandCreateRequest(t *testing.T) {
	req, diags := expandCreateRequest(context.Background(), testModel(t, "nyc", "megaport", testBGP("k1", 64532)), "")
	if diags.HasError() {
		t.Fatal(diags)
	}
	want := godo.BGP{LocalRouterIP: "169.254.0.1/29", PeerRouterIP: "169.254.0.6/29", PeerASN: 64532, AuthKey: "k1"}
	if req.BGP != want || req.Region != "nyc" || req.NaaSProvider != "megaport" || len(req.VPCIDs) != 1 || req.RedundancyZone != "" {
		t.Fatalf("unexpected request %+v", req)
	}

	writeOnly := testBGP("", 64532)
	writeOnly.AuthKey = types.StringUnknown() // computed, not configured
	req, _ = expandCreateRequest(context.Background(), testModel(t, "nyc", "megaport", writeOnly), "wo-key")
	if req.BGP.AuthKey != "wo-key" {
		t.Fatalf("the write-only key must be sent, got %q", req.BGP.AuthKey)
	}
}

func TestExpandUpdateRequestSendsOnlyChanges(t *testing.T) {
	ctx := context.Background()
	state := testModel(t, "nyc", "MEGAPORT", testBGP("k1", 64532))
	withBGP := func(b *bgpModel) types.Object { return testModel(t, "nyc", "x", b).BGP }
	woState := testBGP("", 64532)
	woState.AuthKey, woState.AuthKeyWOVersion = types.StringNull(), types.Int64Value(1)
	cases := []struct {
		name      string
		state     *bgpModel // nil: the common state above
		change    func(*attachmentModel)
		writeOnly string
		check     func(apiclient.AttachmentUpdate, bool) bool
	}{
		{"nothing", nil, func(*attachmentModel) {}, "", func(u apiclient.AttachmentUpdate, _ bool) bool { return u.Empty() }},
		{"letter case only", nil, func(m *attachmentModel) { m.Region = types.StringValue("NYC") }, "",
			func(u apiclient.AttachmentUpdate, _ bool) bool { return u.Empty() }},
		{"name", nil, func(m *attachmentModel) { m.Name = types.StringValue("new") }, "", func(u apiclient.AttachmentUpdate, _ bool) bool {
			return u.Name == "new" && u.VPCIDs == nil && u.BGP == nil
		}},
		{"vpc ids", nil, func(m *attachmentModel) {
			m.VPCIDs, _ = types.SetValueFrom(ctx, types.StringType, []string{vpcA, vpcB})
		}, "", func(u apiclient.AttachmentUpdate, _ bool) bool {
			return u.Name == "" && len(u.VPCIDs) == 2 && u.BGP == nil
		}},
		{"auth key only", nil, func(m *attachmentModel) { m.BGP = withBGP(testBGP("k2", 64532)) }, "",
			func(u apiclient.AttachmentUpdate, _ bool) bool {
				return u.BGP != nil && u.BGP.AuthKey == "k2" && u.BGP.PeerRouterASN == 64532
			}},
		{"peer asn keeps the key", nil, func(m *attachmentModel) { m.BGP = withBGP(testBGP("k1", 1)) }, "",
			func(u apiclient.AttachmentUpdate, need bool) bool {
				return u.BGP != nil && u.BGP.PeerRouterASN == 1 && u.BGP.AuthKey == "k1" && !need
			}},
		{"key moves to write-only: nothing to send", nil, func(m *attachmentModel) {
			b := testBGP("", 64532)
			b.AuthKey = types.StringNull()
			m.BGP = withBGP(b)
		}, "", func(u apiclient.AttachmentUpdate, _ bool) bool { return u.Empty() }},
		{"write-only version bump sends the key", woState, func(m *attachmentModel) {
			b := *woState
			b.AuthKeyWOVersion = types.Int64Value(2)
			m.BGP = withBGP(&b)
		}, "wo-2", func(u apiclient.AttachmentUpdate, _ bool) bool { return u.BGP != nil && u.BGP.AuthKey == "wo-2" }},
		{"same write-only version sends nothing", woState, func(m *attachmentModel) { m.BGP = withBGP(woState) }, "wo-1",
			func(u apiclient.AttachmentUpdate, _ bool) bool { return u.Empty() }},
		{"write-only user changes the ASN: key sent along", woState, func(m *attachmentModel) {
			b := *woState
			b.PeerRouterASN = types.Int64Value(7)
			m.BGP = withBGP(&b)
		}, "wo-1", func(u apiclient.AttachmentUpdate, need bool) bool {
			return u.BGP != nil && u.BGP.AuthKey == "wo-1" && !need
		}},
		{"unmanaged key: read it from the API", woState, func(m *attachmentModel) {
			b := *woState
			b.PeerRouterASN, b.AuthKeyWOVersion = types.Int64Value(7), types.Int64Null()
			m.BGP = withBGP(&b)
		}, "", func(u apiclient.AttachmentUpdate, need bool) bool { return u.BGP != nil && u.BGP.AuthKey == "" && need }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := state
			if tc.state != nil {
				st.BGP = withBGP(tc.state)
			}
			plan := st
			tc.change(&plan)
			u, need, diags := expandUpdateRequest(ctx, plan, st, tc.writeOnly)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if !tc.check(u, need) {
				t.Fatalf("unexpected update request %+v (bgp %+v, needKey %v)", u, u.BGP, need)
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

// TestFlattenDropsDuplicateIDs: an API list with a repeated value (vpc_ids
// or children) flattens to a set holding it once (a set with duplicates is
// refused by the framework, failing the read).
func TestFlattenDropsDuplicateIDs(t *testing.T) {
	ctx := context.Background()
	a := &godo.PartnerAttachment{ID: "a", VPCIDs: []string{"v", "v"}, Children: []string{"c", "c"}}
	m, diags := flattenAttachment(ctx, a, newImportPrior(ctx))
	if diags.HasError() {
		t.Fatal(diags)
	}
	if len(m.VPCIDs.Elements()) != 1 || len(m.Children.Elements()) != 1 {
		t.Fatalf("vpc_ids %v, children %v: want one element each", m.VPCIDs, m.Children)
	}
}
