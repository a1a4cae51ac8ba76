// Command bench-floor is the floor of `make bench` scenario 6: the least a
// terraform-plugin-framework provider can do to serve a `terraform plan` over
// do_partner_attachment resources. It serves one resource with the same
// schema shape as the real do_partner_attachment (attribute names, types,
// nesting, required/optional/computed, sensitive and write-only flags, the
// bgp object, timeouts and the identity), but with no validators, no plan
// modifiers, no custom types, no descriptions and no logging of its own,
// and its Read returns the prior state as it is, without any API. What the
// framework itself does per request (decoding, its own TRACE logging) is
// included, since every framework provider pays it.
//
// It cannot create, update, delete or import: the bench plans it over the
// state that the real provider imported. It is served like the provider
// under test, in reattach mode:
//
//	bench-floor -debug   # prints TF_REATTACH_PROVIDERS=...
//
// main_test.go checks the schema against the real provider's.
package main

import (
	"context"
	"flag"
	"log"
	runtimedebug "runtime/debug"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pnc-tf/terraform-provider-do/internal/process"
)

// address is the real provider's, so the same configuration and state work.
const address = "registry.terraform.io/pnc-tf/do"

func main() {
	debug := flag.Bool("debug", false, "serve in reattach mode: print TF_REATTACH_PROVIDERS and run until SIGINT")
	flag.Parse()
	// The real provider's process setting (internal/process, GCPercent): the floor
	// differs from it in what it does per resource, not in its collector.
	runtimedebug.SetGCPercent(process.GCPercent)
	err := providerserver.Serve(context.Background(), newProvider, providerserver.ServeOpts{Address: address, Debug: *debug})
	if err != nil {
		log.Fatal(err.Error())
	}
}

func newProvider() provider.Provider { return floorProvider{} }

// floorProvider has an empty configuration: the bench's `provider "do" {}`
// sets nothing, and the real provider reads its credentials from the
// environment.
type floorProvider struct{}

func (floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "do"
}

func (floorProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (floorProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return attachment{} }}
}

func (floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

var _ resource.ResourceWithIdentity = attachment{}

// attachment mirrors do_partner_attachment's schema shape.
type attachment struct{}

func (attachment) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_partner_attachment"
}

func (attachment) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = attachmentSchema()
}

func attachmentSchema() schema.Schema {
	optionalString := schema.StringAttribute{Optional: true}
	return schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id":                           schema.StringAttribute{Computed: true},
			"name":                         schema.StringAttribute{Required: true},
			"connection_bandwidth_in_mbps": schema.Int64Attribute{Required: true},
			"region":                       schema.StringAttribute{Required: true},
			"naas_provider":                schema.StringAttribute{Required: true},
			"vpc_ids":                      schema.SetAttribute{Required: true, ElementType: types.StringType},
			"bgp": schema.SingleNestedAttribute{
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"local_router_ip":     schema.StringAttribute{Required: true},
					"peer_router_ip":      schema.StringAttribute{Required: true},
					"peer_router_asn":     schema.Int64Attribute{Required: true},
					"auth_key":            schema.StringAttribute{Optional: true, Computed: true, Sensitive: true},
					"auth_key_wo":         schema.StringAttribute{Optional: true, WriteOnly: true, Sensitive: true},
					"auth_key_wo_version": schema.Int64Attribute{Optional: true},
					"local_asn":           schema.Int64Attribute{Computed: true},
				},
			},
			"redundancy_zone": schema.StringAttribute{Optional: true, Computed: true},
			"parent_uuid":     schema.StringAttribute{Optional: true},
			"state":           schema.StringAttribute{Computed: true},
			"created_at":      schema.StringAttribute{Computed: true},
			"children":        schema.SetAttribute{Computed: true, ElementType: types.StringType},
			// What terraform-plugin-framework-timeouts declares, without its
			// custom type and duration validators.
			"timeouts": schema.SingleNestedAttribute{
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"create": optionalString,
					"update": optionalString,
					"delete": optionalString,
				},
			},
		},
	}
}

func (attachment) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{RequiredForImport: true},
		},
	}
}

// Read answers with the prior state and identity, which the framework has
// already copied into resp: no API, no decoding into a model.
func (attachment) Read(_ context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	resp.State.Raw = req.State.Raw
}

func (attachment) Create(_ context.Context, _ resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.AddError("Not supported", "The bench floor provider only reads state.")
}

func (attachment) Update(_ context.Context, _ resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.AddError("Not supported", "The bench floor provider only reads state.")
}

func (attachment) Delete(_ context.Context, _ resource.DeleteRequest, resp *resource.DeleteResponse) {
	resp.Diagnostics.AddError("Not supported", "The bench floor provider only reads state.")
}
