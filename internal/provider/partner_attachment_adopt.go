package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/digitalocean/godo"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

// attachmentDiffers lists the attributes in which an existing attachment
// differs from a create request, so that a lost create adopts only the
// attachment it made. The API never returns the BGP auth key with the
// attachment, so it is fetched when BGP is configured; the answer names
// attributes only, never values.
func attachmentDiffers(ctx context.Context, api *apiclient.Attachments, a *godo.PartnerAttachment, req *godo.PartnerAttachmentCreateRequest) ([]string, error) {
	var out []string
	add := func(differs bool, attr string) {
		if differs {
			out = append(out, attr)
		}
	}
	add(a.Name != req.Name, "name")
	add(!strings.EqualFold(a.Region, req.Region), "region")
	add(a.ConnectionBandwidthInMbps != req.ConnectionBandwidthInMbps, "connection_bandwidth_in_mbps")
	add(!strings.EqualFold(a.NaaSProvider, req.NaaSProvider), "naas_provider")
	add(!sameSet(a.VPCIDs, req.VPCIDs), "vpc_ids")
	// Unset in the configuration, the zone is the API's choice.
	add(req.RedundancyZone != "" && !strings.EqualFold(a.RedundancyZone, req.RedundancyZone), "redundancy_zone")
	add(a.ParentUuid != req.ParentUuid, "parent_uuid")

	want, have := req.BGP, a.BGP
	if want == (godo.BGP{}) {
		add(have.LocalRouterIP != "" || have.PeerRouterIP != "" || have.PeerASN != 0, "bgp")
		return out, nil
	}
	add(have.LocalRouterIP != want.LocalRouterIP, "bgp.local_router_ip")
	add(have.PeerRouterIP != want.PeerRouterIP, "bgp.peer_router_ip")
	add(have.PeerASN != want.PeerASN, "bgp.peer_router_asn")
	if len(out) > 0 {
		return out, nil // different already: no need to fetch a secret
	}
	key, err := api.BGPAuthKey(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	add(key != want.AuthKey, "bgp.auth_key")
	return out, nil
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
