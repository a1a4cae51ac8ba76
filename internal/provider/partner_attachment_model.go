package provider

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

// attachmentModel is the do_partner_attachment resource's state.
type attachmentModel struct {
	ID                        types.String      `tfsdk:"id"`
	Name                      types.String      `tfsdk:"name"`
	ConnectionBandwidthInMbps types.Int64       `tfsdk:"connection_bandwidth_in_mbps"`
	Region                    types.String      `tfsdk:"region"`
	NaaSProvider              types.String      `tfsdk:"naas_provider"`
	VPCIDs                    types.Set         `tfsdk:"vpc_ids"` //< string
	BGP                       types.Object      `tfsdk:"bgp"`     //< bgpModel
	RedundancyZone            types.String      `tfsdk:"redundancy_zone"`
	ParentUUID                types.String      `tfsdk:"parent_uuid"`
	State                     types.String      `tfsdk:"state"`
	CreatedAt                 timetypes.RFC3339 `tfsdk:"created_at"`
	Children                  types.Set         `tfsdk:"children"` //< string
	Timeouts                  timeouts.Value    `tfsdk:"timeouts"`
}

// bgpModel is the bgp attribute's object.
type bgpModel struct {
	LocalRouterIP types.String `tfsdk:"local_router_ip"`
	PeerRouterIP  types.String `tfsdk:"peer_router_ip"`
	PeerRouterASN types.Int64  `tfsdk:"peer_router_asn"`
	AuthKey       types.String `tfsdk:"auth_key"`
	// AuthKeyWO is write-only: always null in plan and state; its value is
	// read from the configuration when the key is sent.
	AuthKeyWO        types.String `tfsdk:"auth_key_wo"`
	AuthKeyWOVersion types.Int64  `tfsdk:"auth_key_wo_version"`
	LocalASN         types.Int64  `tfsdk:"local_asn"`
}

// bgpAttrTypes describes bgpModel for building types.Object values.
var bgpAttrTypes = map[string]attr.Type{
	"local_router_ip":     types.StringType,
	"peer_router_ip":      types.StringType,
	"peer_router_asn":     types.Int64Type,
	"auth_key":            types.StringType,
	"auth_key_wo":         types.StringType,
	"auth_key_wo_version": types.Int64Type,
	"local_asn":           types.Int64Type,
}

// newImportPrior is the "prior state" of an attachment Terraform has not
// seen before (import, data sources, query): nothing is known, so
// flattenAttachment reports region and provider in their canonical case
// and leaves the BGP auth key unset.
func newImportPrior(ctx context.Context) attachmentModel {
	return attachmentModel{BGP: types.ObjectNull(bgpAttrTypes), Timeouts: nullTimeouts(ctx)}
}

// nullTimeouts is an unset timeouts attribute, of the type the resource's
// schema gives it (timeoutsAttribute).
func nullTimeouts(ctx context.Context) timeouts.Value {
	t, ok := timeoutsAttribute(ctx).GetType().(timeouts.Type)
	if !ok {
		// Not framework-timeouts' type: the zero value, which the
		// framework refuses with a conversion error rather than a panic.
		return timeouts.Value{}
	}
	return timeouts.Value{Object: types.ObjectNull(t.AttrTypes)}
}

// authKeys returns the BGP auth keys held by the given models.
func authKeys(ctx context.Context, models ...attachmentModel) []string {
	var keys []string
	var ignored diag.Diagnostics // a malformed bgp object has no key to mask
	for _, m := range models {
		if b, ok := bgpFromObject(ctx, m.BGP, &ignored); ok {
			keys = append(keys, b.AuthKey.ValueString())
		}
	}
	return keys
}

// configWriteOnlyKey returns bgp.auth_key_wo from the configuration, the only
// place a write-only value exists; "" when unset.
func configWriteOnlyKey(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) string {
	if config.Raw.IsNull() {
		return ""
	}
	var key types.String
	diags.Append(config.GetAttribute(ctx, pathAuthKeyWO, &key)...)
	return key.ValueString()
}

// expandCreateRequest builds the API's create request from a planned model;
// writeOnlyKey is bgp.auth_key_wo from the configuration ("" when unset).
func expandCreateRequest(ctx context.Context, m attachmentModel, writeOnlyKey string) (*godo.PartnerAttachmentCreateRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	req := &godo.PartnerAttachmentCreateRequest{
		Name:                      m.Name.ValueString(),
		ConnectionBandwidthInMbps: int(m.ConnectionBandwidthInMbps.ValueInt64()),
		Region:                    m.Region.ValueString(),
		NaaSProvider:              m.NaaSProvider.ValueString(),
		RedundancyZone:            m.RedundancyZone.ValueString(),
		ParentUuid:                m.ParentUUID.ValueString(),
	}
	diags.Append(m.VPCIDs.ElementsAs(ctx, &req.VPCIDs, false)...)
	if b, ok := bgpFromObject(ctx, m.BGP, &diags); ok {
		req.BGP = godo.BGP{
			LocalRouterIP: b.LocalRouterIP.ValueString(),
			PeerRouterIP:  b.PeerRouterIP.ValueString(),
			PeerASN:       int(b.PeerRouterASN.ValueInt64()),
			AuthKey:       cmp.Or(writeOnlyKey, b.AuthKey.ValueString()),
		}
	}
	return req, diags
}

// expandUpdateRequest compares plan with state and returns what to PATCH.
// Changes the API does not need to hear about (letter case, timeouts, the
// key leaving state for auth_key_wo) leave the request empty. writeOnlyKey
// is bgp.auth_key_wo from the configuration. needKey reports a BGP change
// whose auth key must first be read from the API: the PATCH needs all four
// BGP fields, and the user manages no key.
func expandUpdateRequest(ctx context.Context, plan, state attachmentModel, writeOnlyKey string) (u apiclient.AttachmentUpdate, needKey bool, diags diag.Diagnostics) {
	if !plan.Name.Equal(state.Name) {
		u.Name = plan.Name.ValueString()
	}
	if !plan.VPCIDs.Equal(state.VPCIDs) {
		diags.Append(plan.VPCIDs.ElementsAs(ctx, &u.VPCIDs, false)...)
	}
	planBGP, planHas := bgpFromObject(ctx, plan.BGP, &diags)
	stateBGP, stateHas := bgpFromObject(ctx, state.BGP, &diags)
	if !planHas {
		return u, false, diags
	}
	key, keyChanged := bgpKeyToSend(planBGP, stateBGP, writeOnlyKey)
	if stateHas && sameBGPSettings(planBGP, stateBGP) && !keyChanged {
		return u, false, diags
	}
	u.BGP = &apiclient.BGPUpdate{
		LocalRouterIP: planBGP.LocalRouterIP.ValueString(),
		PeerRouterIP:  planBGP.PeerRouterIP.ValueString(),
		PeerRouterASN: planBGP.PeerRouterASN.ValueInt64(),
		AuthKey:       key,
	}
	return u, key == "", diags
}

// bgpKeyToSend picks the auth key for a BGP PATCH and says whether the key
// itself changed: a write-only key counts as changed when its version does,
// a key in state when its value does, and an unmanaged key never ("" here
// means: read the current key from the API).
func bgpKeyToSend(plan, state bgpModel, writeOnlyKey string) (string, bool) {
	switch {
	case writeOnlyKey != "":
		return writeOnlyKey, !plan.AuthKeyWOVersion.Equal(state.AuthKeyWOVersion)
	case plan.AuthKey.ValueString() != "":
		return plan.AuthKey.ValueString(), !plan.AuthKey.Equal(state.AuthKey)
	default:
		return state.AuthKey.ValueString(), false
	}
}

// sameBGPSettings compares the BGP session settings other than the key.
func sameBGPSettings(a, b bgpModel) bool {
	return a.LocalRouterIP.Equal(b.LocalRouterIP) && a.PeerRouterIP.Equal(b.PeerRouterIP) &&
		a.PeerRouterASN.Equal(b.PeerRouterASN)
}

// bgpFromObject decodes a bgp object; ok is false when it is null or unknown.
func bgpFromObject(ctx context.Context, o types.Object, diags *diag.Diagnostics) (bgpModel, bool) {
	var b bgpModel
	if o.IsNull() || o.IsUnknown() {
		return b, false
	}
	diags.Append(o.As(ctx, &b, basetypes.ObjectAsOptions{})...)
	return b, true
}

// flattenAttachment maps an API attachment onto the model. prior is the
// state or plan it refreshes: it supplies what the API never returns (the BGP
// auth key, timeouts) and the user's letter case for region and provider.
func flattenAttachment(ctx context.Context, a *godo.PartnerAttachment, prior attachmentModel) (attachmentModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	m := prior
	m.ID = types.StringValue(a.ID)
	m.Name = types.StringValue(a.Name)
	m.ConnectionBandwidthInMbps = types.Int64Value(int64(a.ConnectionBandwidthInMbps))
	m.Region = types.StringValue(keepCase(prior.Region, a.Region, strings.ToLower))
	m.NaaSProvider = types.StringValue(keepCase(prior.NaaSProvider, a.NaaSProvider, strings.ToUpper))
	m.VPCIDs = stringSet(a.VPCIDs, &diags)
	// An API may leave out what it has nothing new to say about: keep what
	// the plan or state already holds rather than invent a change.
	m.RedundancyZone = stringOrPrior(a.RedundancyZone, prior.RedundancyZone)
	m.ParentUUID = stringOrPrior(a.ParentUuid, prior.ParentUUID)
	m.State = types.StringValue(a.State)
	m.CreatedAt = timeOrNull(a.CreatedAt)
	m.Children = stringSet(a.Children, &diags)
	m.BGP = flattenBGP(ctx, a.BGP, prior.BGP, &diags)
	return m, diags
}

// flattenBGP builds the bgp object. The API never returns the auth key, so
// it is carried over from prior (or filled in by the caller after import).
func flattenBGP(ctx context.Context, b godo.BGP, prior types.Object, diags *diag.Diagnostics) types.Object {
	// Without a session the API may answer {}, leave bgp out, or report
	// only the local ASN it would use: all mean "no BGP configured".
	if b.LocalRouterIP == "" && b.PeerRouterIP == "" && b.PeerASN == 0 {
		return types.ObjectNull(bgpAttrTypes)
	}
	authKey, woVersion := types.StringNull(), types.Int64Null()
	if p, ok := bgpFromObject(ctx, prior, diags); ok {
		if !p.AuthKey.IsUnknown() {
			authKey = p.AuthKey
		}
		woVersion = p.AuthKeyWOVersion
	}
	obj, d := types.ObjectValueFrom(ctx, bgpAttrTypes, bgpModel{
		LocalRouterIP:    types.StringValue(b.LocalRouterIP),
		PeerRouterIP:     types.StringValue(b.PeerRouterIP),
		PeerRouterASN:    types.Int64Value(int64(b.PeerASN)),
		AuthKey:          authKey,
		AuthKeyWO:        types.StringNull(),
		AuthKeyWOVersion: woVersion,
		LocalASN:         types.Int64Value(int64(b.LocalASN)),
	})
	diags.Append(d...)
	return obj
}

// withAuthKey returns the bgp object with its auth key set.
func withAuthKey(ctx context.Context, o types.Object, key string, diags *diag.Diagnostics) types.Object {
	b, ok := bgpFromObject(ctx, o, diags)
	if !ok {
		return o
	}
	b.AuthKey = types.StringValue(key)
	obj, d := types.ObjectValueFrom(ctx, bgpAttrTypes, b)
	diags.Append(d...)
	return obj
}

// keepCase returns the prior value when the API's differs only in letter
// case (so plans stay empty), else the API's value in the canonical case
// users write (after import there is no prior value).
func keepCase(prior types.String, api string, canonical func(string) string) string {
	if !prior.IsNull() && !prior.IsUnknown() && strings.EqualFold(prior.ValueString(), api) {
		return prior.ValueString()
	}
	return canonical(api)
}

// stringOrPrior is the API's value, or when it gave none the prior known
// one (null if there is none).
func stringOrPrior(api string, prior types.String) types.String {
	if api == "" && !prior.IsUnknown() {
		return prior
	}
	return stringOrNull(api)
}

func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// timeOrNull is the API's time as an RFC 3339 value, null when it gave none.
func timeOrNull(t time.Time) timetypes.RFC3339 {
	if t.IsZero() {
		return timetypes.NewRFC3339Null()
	}
	return rfc3339OrNull(t)
}

// rfc3339OrNull is t in UTC as an RFC 3339 value; null when RFC 3339 cannot
// write its year (before 0000 or after 9999), as no state may hold that.
func rfc3339OrNull(t time.Time) timetypes.RFC3339 {
	v, diags := timetypes.NewRFC3339Value(t.UTC().Format(time.RFC3339))
	if diags.HasError() {
		return timetypes.NewRFC3339Null()
	}
	return v
}

// stringSet builds a set, dropping repeats: an API that lists an ID twice
// must not make the attachment unreadable.
func stringSet(values []string, diags *diag.Diagnostics) types.Set {
	elems := make([]string, 0, len(values))
	for _, v := range values {
		if !slices.Contains(elems, v) {
			elems = append(elems, v)
		}
	}
	s, d := types.SetValueFrom(context.Background(), types.StringType, elems)
	diags.Append(d...)
	return s
}
