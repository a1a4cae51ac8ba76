package provider

import (
	"context"
	"fmt"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

// dataSourceBase is what every data source shares: its type name (the
// provider's plus typeSuffix) and what Configure gets from the provider.
type dataSourceBase struct {
	typeSuffix string
	data       *providerData
}

func (d *dataSourceBase) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + d.typeSuffix
}

func (d *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// addReadError reports a failed op on the attachment the user named by id
// in the attribute at p: a 404 becomes an error on that attribute saying no
// such attachment exists; anything else shows the API's answer.
func addReadError(ctx context.Context, diags *diag.Diagnostics, op operation, p path.Path, id string, err error) {
	if apiclient.IsNotFound(err) {
		report(ctx, diags, diagnostic{Op: op, Subject: attachmentRef(id, ""), Problem: problemNotFound, At: p,
			Detail: fmt.Sprintf("%s: no partner attachment with id %q exists (the API answered 404). "+
				"Check the id, and that the API token belongs to the team that owns the attachment.", p, id)})
		return
	}
	report(ctx, diags, apiFailure(ctx, op, attachmentRef(id, ""), err))
}

// viewOmits are resource attributes the data sources leave out: the BGP auth
// key has a data source of its own (it needs an extra request and is secret),
// and timeouts and the write-only key's version configure the resource.
var viewOmits = map[string]bool{
	"timeouts": true, "bgp.auth_key": true, "bgp.auth_key_wo": true, "bgp.auth_key_wo_version": true,
}

// viewDocs replace resource descriptions that speak of configuring or
// changing a value. Attributes not listed keep the resource's description.
var viewDocs = map[string]string{
	"name":                         "The attachment's unique name.",
	"connection_bandwidth_in_mbps": "Bandwidth in Mbps: 1000, 2000, 5000 or 10000.",
	"region":                       "Region, in lower case, such as nyc.",
	"naas_provider":                "The NaaS provider, in upper case, such as MEGAPORT.",
	"vpc_ids":                      "IDs of the attached VPC networks.",
	"bgp": "BGP session settings; null when none are configured. The auth key is not included: " +
		"read it with the do_partner_attachment_bgp_auth_key data source.",
	"redundancy_zone":     "Redundancy zone: MEGAPORT_BLUE or MEGAPORT_RED; null when none was chosen.",
	"parent_uuid":         "ID of the attachment this one pairs with for high availability; null when none.",
	"bgp.peer_router_ip":  "The partner router's IP with prefix length, such as 169.254.0.6/29.",
	"bgp.peer_router_asn": "The partner router's ASN.",
}

// attachmentViewAttributes are the computed attributes that describe one
// attachment in a data source; nil (with an error) if the resource has an
// attribute computedAttributes cannot convert, a bug caught by any test.
func attachmentViewAttributes(ctx context.Context, diags *diag.Diagnostics) map[string]dschema.Attribute {
	attrs, err := computedAttributes(partnerAttachmentResourceSchema(ctx).Attributes, "")
	if err != nil {
		report(ctx, diags, diagnostic{Op: opBuilding, Subject: "the partner attachment data sources", Problem: problemProviderBug, Detail: providerBug(err.Error())})
		return nil
	}
	return attrs
}

// computedAttributes turns resource attributes into computed data source
// attributes of the same types (custom string types included), recursively,
// leaving out viewOmits.
func computedAttributes(attrs map[string]rschema.Attribute, prefix string) (map[string]dschema.Attribute, error) {
	out := make(map[string]dschema.Attribute, len(attrs))
	for name, a := range attrs {
		p := prefix + name
		if viewOmits[p] {
			continue
		}
		desc, ok := viewDocs[p]
		if !ok {
			desc = a.GetDescription()
		}
		switch a := a.(type) {
		case rschema.StringAttribute:
			out[name] = dschema.StringAttribute{Computed: true, Sensitive: a.Sensitive, CustomType: a.CustomType, Description: desc}
		case rschema.Int64Attribute:
			out[name] = dschema.Int64Attribute{Computed: true, Sensitive: a.Sensitive, Description: desc}
		case rschema.SetAttribute:
			out[name] = dschema.SetAttribute{Computed: true, Sensitive: a.Sensitive, ElementType: a.ElementType, Description: desc}
		case rschema.SingleNestedAttribute:
			nested, err := computedAttributes(a.Attributes, p+".")
			if err != nil {
				return nil, err
			}
			out[name] = dschema.SingleNestedAttribute{Computed: true, Sensitive: a.Sensitive, Attributes: nested, Description: desc}
		default:
			return nil, fmt.Errorf("attribute %s: %T has no data source counterpart yet; add it to computedAttributes", p, a)
		}
	}
	return out, nil
}

// attrTypes maps attribute names to their types, for either schema package.
func attrTypes[A interface{ GetType() attr.Type }](attrs map[string]A) map[string]attr.Type {
	out := make(map[string]attr.Type, len(attrs))
	for name, a := range attrs {
		out[name] = a.GetType()
	}
	return out
}

// attachmentViewer shows API attachments as the data sources do: as objects
// of the type of attachmentViewAttributes.
type attachmentViewer struct {
	full, want types.ObjectType
	prior      attachmentModel
}

func newAttachmentViewer(ctx context.Context, diags *diag.Diagnostics) attachmentViewer {
	full := types.ObjectType{AttrTypes: attrTypes(partnerAttachmentResourceSchema(ctx).Attributes)}
	want := types.ObjectType{AttrTypes: attrTypes(attachmentViewAttributes(ctx, diags))}
	return attachmentViewer{full: full, want: want, prior: newImportPrior(ctx)}
}

func (v attachmentViewer) view(ctx context.Context, a *godo.PartnerAttachment) (types.Object, diag.Diagnostics) {
	m, diags := flattenAttachment(ctx, a, v.prior)
	if diags.HasError() {
		return types.ObjectNull(v.want.AttrTypes), diags
	}
	obj, d := types.ObjectValueFrom(ctx, v.full.AttrTypes, m)
	diags.Append(d...)
	if diags.HasError() {
		return types.ObjectNull(v.want.AttrTypes), diags
	}
	view, d := projectObject(obj, v.want)
	diags.Append(d...)
	return view, diags
}

// projectObject keeps the attributes of o that want has, recursing into
// nested objects; the result is an object of type want.
func projectObject(o types.Object, want types.ObjectType) (types.Object, diag.Diagnostics) {
	switch {
	case o.IsNull():
		return types.ObjectNull(want.AttrTypes), nil
	case o.IsUnknown():
		return types.ObjectUnknown(want.AttrTypes), nil
	}
	var diags diag.Diagnostics
	have := o.Attributes()
	vals := make(map[string]attr.Value, len(want.AttrTypes))
	for name, t := range want.AttrTypes {
		v, ok := have[name]
		if !ok {
			report(context.Background(), &diags, diagnostic{Op: opReading, Subject: attachmentRef("", ""), Problem: problemProviderBug,
				Detail: providerBug(fmt.Sprintf("The resource's view has no attribute %q.", name))})
			continue
		}
		nestedType, isObject := t.(types.ObjectType)
		if nested, ok := v.(types.Object); ok && isObject {
			var d diag.Diagnostics
			v, d = projectObject(nested, nestedType)
			diags.Append(d...)
		}
		vals[name] = v
	}
	if diags.HasError() {
		return types.ObjectNull(want.AttrTypes), diags
	}
	view, d := types.ObjectValue(want.AttrTypes, vals)
	diags.Append(d...)
	return view, diags
}
