package provider

import (
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
	LocalASN      types.Int64  `tfsdk:"local_asn"`
}

// bgpAttrTypes describes bgpModel for building types.Object values.
var bgpAttrTypes = map[string]attr.Type{
	"local_router_ip": types.StringType,
	"peer_router_ip":  types.StringType,
	"peer_router_asn": types.Int64Type,
	"auth_key":        types.StringType,
	"local_asn":       types.Int64Type,
}
