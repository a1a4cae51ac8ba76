package provider

import (
	"context"
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Constraints from the API reference (partner_attachment_writable). The
// regions, bandwidths and zones are the values the API offers today: others
// plan with a warning (known_values.go).
var (
	namePattern     = regexp.MustCompile(`^[a-zA-Z0-9\-.]+$`)
	bandwidthsMbps  = []int64{1000, 2000, 5000, 10000}
	regions         = []string{"nyc", "sfo", "fra", "ams", "sgp"}
	redundancyZones = []string{"MEGAPORT_BLUE", "MEGAPORT_RED"}
)

const maxASN = 4294967295 // 32-bit ASNs; 0 is reserved.

func partnerAttachmentResourceSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		Description: "A Partner Network Connect attachment: a private link between DigitalOcean VPCs and a network behind a NaaS partner such as Megaport. " +
			"Creation, updates and deletion are asynchronous; Terraform waits until the attachment settles.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "The attachment's ID.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:    true,
				Description: "Unique name: letters, digits, dashes and periods. Changed in place.",
				Validators:  nameValidators(),
			},
			"connection_bandwidth_in_mbps": schema.Int64Attribute{
				Required:      true,
				Description:   "Bandwidth in Mbps, a positive whole number: the API reference lists 1000, 2000, 5000 and 10000; another value plans with a warning and the API decides. Changing it replaces the attachment.",
				Validators:    []validator.Int64{bandwidthValidator{}},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"region": schema.StringAttribute{
				Required:      true,
				Description:   "Region slug (any letter case): the API reference lists nyc, sfo, fra, ams and sgp; another well-formed slug plans with a warning and the API decides. Changing it replaces the attachment.",
				Validators:    []validator.String{regionValidator()},
				PlanModifiers: []planmodifier.String{requiresReplaceUnlessCaseChange()},
			},
			"naas_provider": schema.StringAttribute{
				Required:      true,
				Description:   "The NaaS provider, such as MEGAPORT (any letter case). Changing it replaces the attachment.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{requiresReplaceUnlessCaseChange()},
			},
			"vpc_ids": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				Description: "IDs of the VPC networks to attach (at least one). Changed in place.",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
					vpcIDsValidator{},
				},
			},
			"bgp": schema.SingleNestedAttribute{
				Optional:      true,
				Description:   "BGP session settings: local_router_ip, peer_router_ip and peer_router_asn, and the auth key as auth_key or write-only auth_key_wo. Changed in place; removing it replaces the attachment.",
				PlanModifiers: []planmodifier.Object{requiresReplaceWhenRemoved()},
				Attributes: map[string]schema.Attribute{
					"local_router_ip": schema.StringAttribute{
						Required:    true,
						Description: "The DigitalOcean router's IP with prefix length, such as 169.254.0.1/29.",
						Validators:  []validator.String{cidrValidator{}},
					},
					"peer_router_ip": schema.StringAttribute{
						Required: true,
						Description: "The partner router's IP with prefix length, such as 169.254.0.6/29. Checked at plan time against local_router_ip: " +
							"the same address family, subnet and prefix length, a different address, and (IPv4, prefixes shorter than /31) neither the subnet's network nor its broadcast address. " +
							"Addresses outside 169.254.0.0/16 get a warning.",
						Validators: []validator.String{cidrValidator{}},
					},
					"peer_router_asn": schema.Int64Attribute{
						Required:    true,
						Description: "The partner router's ASN, 1 to 4294967295. A warning says when it equals the attachment's local_asn (internal BGP).",
						Validators:  []validator.Int64{int64validator.Between(1, maxASN)},
					},
					"auth_key": schema.StringAttribute{
						Optional:  true,
						Computed:  true,
						Sensitive: true,
						Description: "The BGP MD5 authentication key, stored (sensitive) in state. Omit it, and auth_key_wo, to keep the attachment's current key; " +
							"one of them is needed when BGP is first configured. After import it is read from the API.",
						Validators: []validator.String{
							stringvalidator.LengthAtLeast(1),
							stringvalidator.ConflictsWith(path.MatchRelative().AtParent().AtName("auth_key_wo")),
							stringvalidator.PreferWriteOnlyAttribute(path.MatchRoot("bgp").AtName("auth_key_wo")),
						},
						PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
					},
					"auth_key_wo": schema.StringAttribute{
						Optional:  true,
						WriteOnly: true,
						Sensitive: true,
						Description: "The BGP MD5 authentication key as a write-only value (Terraform 1.11+): sent to the API, never stored in plan or state. " +
							"Requires auth_key_wo_version; change the version to send a new key.",
						Validators: []validator.String{
							stringvalidator.LengthAtLeast(1),
							stringvalidator.AlsoRequires(path.MatchRelative().AtParent().AtName("auth_key_wo_version")),
						},
					},
					"auth_key_wo_version": schema.Int64Attribute{
						Optional:    true,
						Description: "Version of auth_key_wo. Terraform cannot see write-only values change, so a new version is what sends auth_key_wo again (in place).",
						Validators: []validator.Int64{
							int64validator.AlsoRequires(path.MatchRelative().AtParent().AtName("auth_key_wo")),
						},
					},
					"local_asn": schema.Int64Attribute{
						Computed:      true,
						Description:   "The DigitalOcean router's ASN, assigned by DigitalOcean.",
						PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
					},
				},
			},
			"redundancy_zone": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Description: "Redundancy zone, in upper case: the API reference lists MEGAPORT_BLUE and MEGAPORT_RED; another well-formed zone plans with a warning and the API decides. " +
					"Use opposite zones for the two attachments of an HA pair: a child planned in its parent's zone gets a warning. Changing it in the configuration replaces the attachment; left out, the zone the API chose is kept.",
				Validators: []validator.String{redundancyZoneValidator()},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
					stringplanmodifier.RequiresReplaceIfConfigured(),
				},
			},
			"parent_uuid": schema.StringAttribute{
				Optional:      true,
				Description:   "ID of the attachment this one pairs with for high availability. Changing it replaces the attachment.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"state": schema.StringAttribute{
				Computed:      true,
				Description:   "The attachment's state, in upper case: ACTIVE once it is ready (the API's CREATED, ACTIVE, active, AVAILABLE and READY are all reported as ACTIVE, so that every endpoint gives the same value), otherwise as the API reports it, such as CREATING, UPDATING or ERROR.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), resumeWhilePending()},
			},
			"created_at": schema.StringAttribute{
				Computed:      true,
				CustomType:    timetypes.RFC3339Type{},
				Description:   "When the attachment was created (RFC 3339).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"children": schema.SetAttribute{
				Computed:    true,
				ElementType: types.StringType,
				// No UseStateForUnknown: another attachment may pair with
				// this one while it updates, so an update plans it unknown.
				Description: "IDs of attachments whose parent_uuid is this attachment.",
			},
			"timeouts": timeoutsAttribute(ctx),
		},
	}
}

// timeoutsAttribute is the resource's timeouts attribute: create, update and
// delete.
func timeoutsAttribute(ctx context.Context) schema.Attribute {
	return timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true})
}

func nameValidators() []validator.String {
	return []validator.String{
		stringvalidator.LengthAtLeast(1),
		stringvalidator.RegexMatches(namePattern, "may only contain letters, digits, dashes (-) and periods (.)"),
	}
}

// cidrValidator accepts an IPv4 or IPv6 address with a prefix length, as the
// API takes router IPs ("169.254.0.1/29"). Host bits may be set: the value
// names the router's address and its subnet at once.
type cidrValidator struct{}

func (cidrValidator) Description(context.Context) string {
	return "must be an IP address with a prefix length, such as 169.254.0.1/29"
}

func (v cidrValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v cidrValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := netip.ParsePrefix(req.ConfigValue.ValueString()); err != nil {
		report(ctx, &resp.Diagnostics, diagnostic{Op: opValidating, Subject: attributeSubject(req.Path), Problem: problemInvalidRouterIP, At: req.Path,
			Detail: fmt.Sprintf("%s %s; got %q.", req.Path, v.Description(ctx), req.ConfigValue.ValueString())})
	}
}

// vpcIDsValidator rejects vpc_ids elements that name no VPC (null) or a VPC
// already listed. Terraform merges exact repeats before the provider sees
// the set, but not the same ID in another letter case, and VPC IDs are
// UUIDs, in which case carries no meaning: the API would attach the VPC once
// and every later plan would show a difference.
type vpcIDsValidator struct{}

func (vpcIDsValidator) Description(context.Context) string {
	return "must name each VPC once (VPC IDs ignore letter case), and no element may be null"
}

func (v vpcIDsValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v vpcIDsValidator) ValidateSet(ctx context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	seen := map[string]string{}
	for _, elem := range req.ConfigValue.Elements() {
		if elem.IsUnknown() {
			continue
		}
		if elem.IsNull() {
			report(ctx, &resp.Diagnostics, diagnostic{Op: opValidating, Subject: attributeSubject(req.Path), Problem: problemNullVPCID, At: req.Path,
				Detail: fmt.Sprintf("%s lists no VPC ID (null); every element must be a VPC ID.", req.Path)})
			return
		}
		str, ok := elem.(types.String)
		if !ok {
			continue // the schema makes every element a string
		}
		id := str.ValueString()
		key := strings.ToLower(strings.TrimSpace(id))
		if first, dup := seen[key]; dup {
			report(ctx, &resp.Diagnostics, diagnostic{Op: opValidating, Subject: attributeSubject(req.Path), Problem: problemDuplicateVPCID, At: req.Path,
				Detail: fmt.Sprintf("%s lists VPC %s twice (as %q and %q); each VPC may appear once. VPC IDs are UUIDs, in which letter case carries no meaning.",
					req.Path, key, first, id)})
			return
		}
		seen[key] = id
	}
}

// requiresReplaceUnlessCaseChange forces replacement when a value really
// changes, but not when only its letter case does: the API answers "NYC" and
// "MEGAPORT" to requests for "nyc" and "megaport", so case carries no meaning.
func requiresReplaceUnlessCaseChange() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !strings.EqualFold(req.StateValue.ValueString(), req.PlanValue.ValueString())
		},
		"Changing this value (other than its letter case) replaces the attachment.",
		"Changing this value (other than its letter case) replaces the attachment.",
	)
}

// requiresReplaceWhenRemoved forces replacement when the bgp block is removed:
// the API can change BGP settings in place but cannot take them away.
func requiresReplaceWhenRemoved() planmodifier.Object {
	return objectplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.ObjectRequest, resp *objectplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !req.StateValue.IsNull() && req.PlanValue.IsNull()
		},
		"Removing BGP settings replaces the attachment; changing them is done in place.",
		"Removing BGP settings replaces the attachment; changing them is done in place.",
	)
}
