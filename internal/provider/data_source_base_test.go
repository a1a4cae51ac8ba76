package provider

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

func viewObjectType(t *testing.T) types.ObjectType {
	t.Helper()
	var diags diag.Diagnostics
	viewer := newAttachmentViewer(context.Background(), &diags)
	if diags.HasError() {
		t.Fatal(diags)
	}
	return viewer.want
}

// The data sources show what the resource holds, minus exactly the omitted
// attributes, with the same types: a new resource attribute shows up in them
// without further work.
func TestAttachmentViewAttributesFollowTheResource(t *testing.T) {
	ctx := context.Background()
	want := maps.Clone(partnerAttachmentResourceSchema(ctx).Type().(types.ObjectType).AttrTypes)
	delete(want, "timeouts")
	bgp := maps.Clone(want["bgp"].(types.ObjectType).AttrTypes)
	delete(bgp, "auth_key")
	delete(bgp, "auth_key_wo")
	delete(bgp, "auth_key_wo_version")
	want["bgp"] = types.ObjectType{AttrTypes: bgp}

	got := viewObjectType(t)
	if !got.Equal(types.ObjectType{AttrTypes: want}) {
		t.Fatalf("view type\n%s\nwant\n%s", got, types.ObjectType{AttrTypes: want})
	}

	attrs := attachmentViewAttributes(ctx, new(diag.Diagnostics))
	s := dschema.Schema{Attributes: attrs}
	if d := s.ValidateImplementation(ctx); d.HasError() {
		t.Fatal(d)
	}
	checkComputedDocs(t, "", attrs)
}

// checkComputedDocs: every attribute is computed and described without the
// resource's words about changing values.
func checkComputedDocs(t *testing.T, prefix string, attrs map[string]dschema.Attribute) {
	t.Helper()
	for name, a := range attrs {
		desc := a.GetDescription()
		if !a.IsComputed() || a.IsOptional() || a.IsRequired() {
			t.Errorf("%s%s is not computed-only", prefix, name)
		}
		if desc == "" || strings.Contains(desc, "Chang") || strings.Contains(desc, "replace") || strings.Contains(desc, "in place") {
			t.Errorf("%s%s has a description unfit for a data source: %q", prefix, name, desc)
		}
		if n, ok := a.(dschema.SingleNestedAttribute); ok {
			checkComputedDocs(t, prefix+name+".", n.Attributes)
		}
	}
}

func TestAttachmentViewer(t *testing.T) {
	ctx := context.Background()
	viewer := newAttachmentViewer(ctx, new(diag.Diagnostics))
	a := &godo.PartnerAttachment{
		ID: "id-1", Name: "link", State: "active", ConnectionBandwidthInMbps: 2000, Region: "NYC", NaaSProvider: "megaport",
		VPCIDs: []string{vpcA, vpcB}, BGP: godo.BGP{LocalASN: 64532, LocalRouterIP: "169.254.0.1/29", PeerASN: 133937, PeerRouterIP: "169.254.0.6/29"},
		RedundancyZone: "MEGAPORT_RED", ParentUuid: "parent-1", Children: []string{"child-1"},
		CreatedAt: time.Date(2025, 3, 27, 13, 3, 53, 0, time.UTC),
	}
	obj, diags := viewer.view(ctx, a)
	if diags.HasError() {
		t.Fatal(diags)
	}
	got := obj.Attributes()
	wantStrings := map[string]string{
		"id": "id-1", "name": "link", "state": "active", "region": "nyc", "naas_provider": "MEGAPORT",
		"redundancy_zone": "MEGAPORT_RED", "parent_uuid": "parent-1",
	}
	for k, v := range wantStrings {
		if !got[k].Equal(types.StringValue(v)) {
			t.Errorf("%s = %s, want %q", k, got[k], v)
		}
	}
	if want := timetypes.NewRFC3339ValueMust("2025-03-27T13:03:53Z"); !got["created_at"].Equal(want) {
		t.Errorf("created_at = %s, want %s", got["created_at"], want)
	}
	if !got["connection_bandwidth_in_mbps"].Equal(types.Int64Value(2000)) || len(got["vpc_ids"].(types.Set).Elements()) != 2 ||
		len(got["children"].(types.Set).Elements()) != 1 {
		t.Errorf("bandwidth/vpc_ids/children: %s %s %s", got["connection_bandwidth_in_mbps"], got["vpc_ids"], got["children"])
	}
	wantBGP := map[string]attr.Value{
		"local_router_ip": types.StringValue("169.254.0.1/29"), "peer_router_ip": types.StringValue("169.254.0.6/29"),
		"peer_router_asn": types.Int64Value(133937), "local_asn": types.Int64Value(64532),
	}
	if b := got["bgp"].(types.Object).Attributes(); !maps.EqualFunc(b, wantBGP, attr.Value.Equal) {
		t.Errorf("bgp = %v, want %v", b, wantBGP)
	}

	a.BGP = godo.BGP{}
	obj, diags = viewer.view(ctx, a)
	if diags.HasError() || !obj.Attributes()["bgp"].IsNull() {
		t.Fatalf("no BGP from the API must be a null bgp: %s %v", obj, diags)
	}
}

func TestProjectObjectNullAndUnknown(t *testing.T) {
	want := types.ObjectType{AttrTypes: map[string]attr.Type{"a": types.StringType}}
	full := map[string]attr.Type{"a": types.StringType, "b": types.StringType}
	if got, _ := projectObject(types.ObjectNull(full), want); !got.IsNull() || !got.Type(context.Background()).Equal(want) {
		t.Errorf("null: %s", got)
	}
	if got, _ := projectObject(types.ObjectUnknown(full), want); !got.IsUnknown() {
		t.Errorf("unknown: %s", got)
	}
	missing, _ := types.ObjectValue(map[string]attr.Type{"b": types.StringType}, map[string]attr.Value{"b": types.StringValue("x")})
	if _, d := projectObject(missing, want); !d.HasError() {
		t.Error("an attribute missing from the source must be an error, not a silent null")
	}
}

// Every data source example applies cleanly against an emulator holding the
// attachments the examples name, so the documented HCL stays correct.
func TestAccDataSourceExamples(t *testing.T) {
	files, err := filepath.Glob("../../examples/data-sources/*/data-source.tf")
	if err != nil || len(files) != 5 {
		t.Fatalf("want one example per data source (5), found %v (%v)", files, err)
	}
	for _, file := range files {
		name := filepath.Base(filepath.Dir(file))
		t.Run(name, func(t *testing.T) {
			hcl, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			hcl = withoutTerraformBlock(t, file, hcl)
			env := newAccEnv(t, fakeapi.Options{})
			env.requireEmulator(t, "applies the documented examples, which name placeholder VPC ids and seeded attachments")
			tc := resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps:                    []resource.TestStep{{Config: env.config(string(hcl))}},
			}
			if name == "do_partner_attachment_service_key" {
				tc.CheckDestroy = env.checkNoneLeft // it creates its attachment
			} else {
				const id, vpc = "5a4981aa-9653-4bd1-bef5-d6bff52042e4", "c140286f-e6ce-4131-8b7b-df4590ce8d6a"
				env.api.Seed(fakeapi.SeedAttachment{ID: id, Name: "example-megaport-link", VPCIDs: []string{vpc},
					BGP: &fakeapi.BGP{LocalASN: 64532, LocalRouterIP: "169.254.0.1/29", PeerASN: 64532, PeerRouterIP: "169.254.0.6/29", AuthKey: "example-key"}})
				env.api.Seed(fakeapi.SeedAttachment{Name: "prod-nyc-1", VPCIDs: []string{vpc}})
				env.api.SetRemoteRoutes(id, []string{"10.10.0.0/16"})
			}
			resource.ParallelTest(t, tc)
		})
	}
}

// withoutTerraformBlock drops the example's terraform block: its
// required_providers pins pnc-tf/do at a released version, which the
// in-process provider these tests serve (as hashicorp/do) is not.
func withoutTerraformBlock(t *testing.T, name string, src []byte) []byte {
	t.Helper()
	f, diags := hclwrite.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("%s: %s", name, diags)
	}
	for _, b := range f.Body().Blocks() {
		if b.Type() == "terraform" {
			f.Body().RemoveBlock(b)
		}
	}
	return f.Bytes()
}
