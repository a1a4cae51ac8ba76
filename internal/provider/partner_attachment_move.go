package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithMoveState = &partnerAttachmentResource{}

// officialTypeName is the official DigitalOcean provider's resource for the
// same API object; `moved` blocks may adopt its state without a replacement.
const officialTypeName = "digitalocean_partner_attachment"

// officialAttachmentState is that resource's state as its provider (SDKv2)
// stores it. Unknown fields are ignored, so newer versions still move.
type officialAttachmentState struct {
	ID                        string   `json:"id"`
	Name                      string   `json:"name"`
	ConnectionBandwidthInMbps int64    `json:"connection_bandwidth_in_mbps"`
	Region                    string   `json:"region"`
	NaaSProvider              string   `json:"naas_provider"`
	VPCIDs                    []string `json:"vpc_ids"`
	State                     string   `json:"state"`
	CreatedAt                 string   `json:"created_at"`
	RedundancyZone            string   `json:"redundancy_zone"`
	ParentUUID                string   `json:"parent_uuid"`
	Children                  []string `json:"children"`
	// BGP is a list block with at most one element in the official schema.
	BGP []struct {
		LocalRouterIP string `json:"local_router_ip"`
		PeerRouterIP  string `json:"peer_router_ip"`
		PeerRouterASN int64  `json:"peer_router_asn"`
		AuthKey       string `json:"auth_key"`
		LocalASN      int64  `json:"local_asn"`
	} `json:"bgp"`
}

// isOfficialProvider accepts the official provider from any registry host
// (registry.terraform.io, registry.opentofu.org, a mirror) by its type name.
func isOfficialProvider(address string) bool {
	return strings.HasSuffix(strings.ToLower(address), "/digitalocean")
}

func (r *partnerAttachmentResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: moveFromOfficialProvider}}
}

func moveFromOfficialProvider(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	if req.SourceTypeName != officialTypeName || !isOfficialProvider(req.SourceProviderAddress) || req.SourceRawState == nil {
		return // not ours: the framework reports that no mover applied
	}
	var src officialAttachmentState
	if err := json.Unmarshal(req.SourceRawState.JSON, &src); err != nil {
		report(ctx, &resp.Diagnostics, diagnostic{Op: opMoving, Subject: "do_partner_attachment", Problem: problemNotOfficial,
			Detail: fmt.Sprintf("The source digitalocean_partner_attachment state is not in the form the official DigitalOcean provider writes: %s. "+
				"Import the attachment by its ID instead (an import block) and remove the old resource with a removed block.", err)})
		return
	}
	if src.ID == "" {
		report(ctx, &resp.Diagnostics, diagnostic{Op: opMoving, Subject: "do_partner_attachment", Problem: problemNoSourceID,
			Detail: "The source digitalocean_partner_attachment state has no id. Import the attachment by its ID instead (an import block)."})
		return
	}
	m, diags := src.toModel(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
}

// toModel maps the official state onto ours. What it lacks (local_asn, exact
// timestamps) is filled in by the refresh Terraform runs right after a move.
func (s officialAttachmentState) toModel(ctx context.Context) (attachmentModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	m := attachmentModel{
		ID:                        types.StringValue(s.ID),
		Name:                      types.StringValue(s.Name),
		ConnectionBandwidthInMbps: types.Int64Value(s.ConnectionBandwidthInMbps),
		Region:                    types.StringValue(s.Region),
		NaaSProvider:              types.StringValue(s.NaaSProvider),
		VPCIDs:                    stringSet(s.VPCIDs, &diags),
		RedundancyZone:            stringOrNull(s.RedundancyZone),
		ParentUUID:                stringOrNull(s.ParentUUID),
		State:                     stringOrNull(s.State),
		CreatedAt:                 officialTimestamp(s.CreatedAt),
		Children:                  stringSet(s.Children, &diags),
		BGP:                       types.ObjectNull(bgpAttrTypes),
		Timeouts:                  nullTimeouts(ctx),
	}
	if len(s.BGP) > 0 {
		b := s.BGP[0]
		localASN := types.Int64Null()
		if b.LocalASN != 0 {
			localASN = types.Int64Value(b.LocalASN)
		}
		obj, d := types.ObjectValueFrom(ctx, bgpAttrTypes, bgpModel{
			LocalRouterIP: types.StringValue(b.LocalRouterIP),
			PeerRouterIP:  types.StringValue(b.PeerRouterIP),
			PeerRouterASN: types.Int64Value(b.PeerRouterASN),
			AuthKey:       stringOrNull(b.AuthKey),
			LocalASN:      localASN,
		})
		diags.Append(d...)
		m.BGP = obj
	}
	return m, diags
}

// officialTimestamp converts the official provider's created_at (Go's
// time.Time.String form, "2025-03-27 13:03:53 +0000 UTC") to RFC 3339.
func officialTimestamp(s string) timetypes.RFC3339 {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999 -0700 MST", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return rfc3339OrNull(t)
		}
	}
	return timetypes.NewRFC3339Null()
}
