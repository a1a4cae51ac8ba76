package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// attachmentModel is the do_partner_attachment resource's state.
type attachmentModel struct {
	ID                        types.String   `tfsdk:"id"`
	Name                      types.String   `tfsdk:"name"`
	ConnectionBandwidthInMbps types.Int64    `tfsdk:"connection_bandwidth_in_mbps"`
	Region                    types.String   `tfsdk:"region"`
	NaaSProvider              types.String   `tfsdk:"naas_provider"`
	VPCIDs                    types.Set      `tfsdk:"vpc_ids"` //< string
	BGP                       types.Object   `tfsdk:"bgp"`     //< bgpModel
	RedundancyZone            types.String   `tfsdk:"redundancy_zone"`
	ParentUUID                types.String   `tfsdk:"parent_uuid"`
	State                     types.String   `tfsdk:"state"`
	CreatedAt                 types.String   `tfsdk:"created_at"`
	Children                  types.Set      `tfsdk:"children"` //< string
	Timeouts                  timeouts.Value `tfsdk:"timeouts"`
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

// nullTimeouts is an unset timeouts attribute of the resource's type
// (timeouts.Attributes with create, update and delete).
func nullTimeouts(context.Context) timeouts.Value {
	return timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
		"create": types.StringType, "update": types.StringType, "delete": types.StringType,
	})}
}
