// Package officialfake stands in for the official DigitalOcean provider
// (digitalocean/digitalocean) in tests of `moved` blocks from its
// digitalocean_partner_attachment: its resource stores state in that
// provider's shape (bgp as a list block, created_at as Go's time.String)
// and "creates" by seeding the emulator, so no provider download is needed.
// Only tests import it.
package officialfake

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// New returns the stand-in provider, type name "digitalocean", whose one
// resource keeps its attachments in api. Serve it under the factory name
// "digitalocean".
func New(api *fakeapi.Server) provider.Provider { return &officialFake{api: api} }

type officialFake struct{ api *fakeapi.Server }

func (p *officialFake) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "digitalocean"
}
func (p *officialFake) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (p *officialFake) Configure(_ context.Context, _ provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	resp.ResourceData = p.api
}
func (p *officialFake) DataSources(context.Context) []func() datasource.DataSource { return nil }
func (p *officialFake) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return &officialFakeAttachment{} }}
}

type officialFakeAttachment struct{ api *fakeapi.Server }

type officialFakeModel struct {
	ID                        types.String `tfsdk:"id"`
	Name                      types.String `tfsdk:"name"`
	ConnectionBandwidthInMbps types.Int64  `tfsdk:"connection_bandwidth_in_mbps"`
	Region                    types.String `tfsdk:"region"`
	NaaSProvider              types.String `tfsdk:"naas_provider"`
	VPCIDs                    types.Set    `tfsdk:"vpc_ids"`
	State                     types.String `tfsdk:"state"`
	CreatedAt                 types.String `tfsdk:"created_at"`
	BGP                       []struct {
		LocalRouterIP types.String `tfsdk:"local_router_ip"`
		PeerRouterASN types.Int64  `tfsdk:"peer_router_asn"`
		PeerRouterIP  types.String `tfsdk:"peer_router_ip"`
		AuthKey       types.String `tfsdk:"auth_key"`
	} `tfsdk:"bgp"`
}

func (r *officialFakeAttachment) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "digitalocean_partner_attachment"
}

func (r *officialFakeAttachment) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	api, ok := req.ProviderData.(*fakeapi.Server)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("Expected *fakeapi.Server, got %T.", req.ProviderData))
		return
	}
	r.api = api
}

func (r *officialFakeAttachment) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computed := func() schema.StringAttribute { return schema.StringAttribute{Computed: true} }
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id":                           computed(),
			"state":                        computed(),
			"created_at":                   computed(),
			"name":                         schema.StringAttribute{Required: true},
			"connection_bandwidth_in_mbps": schema.Int64Attribute{Required: true},
			"region":                       schema.StringAttribute{Required: true},
			"naas_provider":                schema.StringAttribute{Required: true},
			"vpc_ids":                      schema.SetAttribute{Required: true, ElementType: types.StringType},
		},
		Blocks: map[string]schema.Block{
			"bgp": schema.ListNestedBlock{
				PlanModifiers: []planmodifier.List{listplanmodifier.RequiresReplace()},
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"local_router_ip": schema.StringAttribute{Optional: true},
					"peer_router_asn": schema.Int64Attribute{Optional: true},
					"peer_router_ip":  schema.StringAttribute{Optional: true},
					"auth_key":        schema.StringAttribute{Optional: true, Sensitive: true},
				}},
			},
		},
	}
}

func (r *officialFakeAttachment) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m officialFakeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	var vpcs []string
	resp.Diagnostics.Append(m.VPCIDs.ElementsAs(ctx, &vpcs, false)...)
	seed := fakeapi.SeedAttachment{
		Name: m.Name.ValueString(), ConnectionBandwidthInMbps: int(m.ConnectionBandwidthInMbps.ValueInt64()),
		Region: m.Region.ValueString(), NaaSProvider: m.NaaSProvider.ValueString(), VPCIDs: vpcs, State: "CREATED",
		CreatedAt: time.Now().UTC().Truncate(time.Second),
	}
	if len(m.BGP) == 1 {
		b := m.BGP[0]
		seed.BGP = &fakeapi.BGP{LocalASN: fakeapi.DefaultLocalASN, LocalRouterIP: b.LocalRouterIP.ValueString(),
			PeerASN: int(b.PeerRouterASN.ValueInt64()), PeerRouterIP: b.PeerRouterIP.ValueString(), AuthKey: b.AuthKey.ValueString()}
	}
	m.ID = types.StringValue(r.api.Seed(seed))
	m.State = types.StringValue("CREATED")
	m.CreatedAt = types.StringValue(seed.CreatedAt.String()) // the official provider's format
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *officialFakeAttachment) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {
}

func (r *officialFakeAttachment) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(resp.State.Set(ctx, req.Plan.Raw)...)
}

func (r *officialFakeAttachment) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m officialFakeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	r.api.DeleteOutOfBand(m.ID.ValueString())
}
