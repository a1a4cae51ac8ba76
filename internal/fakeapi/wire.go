package fakeapi

import "time"

// The JSON shapes the API answers with. Field names follow the spec's
// partner_attachment model and examples, plus redundancy_zone, which the real
// API returns and godo reads although the spec's model omits it.

type wireAttachment struct {
	ID                        string   `json:"id"`
	Name                      string   `json:"name"`
	State                     string   `json:"state"`
	ConnectionBandwidthInMbps int      `json:"connection_bandwidth_in_mbps"`
	Region                    string   `json:"region"`
	NaaSProvider              string   `json:"naas_provider"`
	VPCIDs                    []string `json:"vpc_ids"`
	BGP                       wireBGP  `json:"bgp"`
	RedundancyZone            string   `json:"redundancy_zone"`
	CreatedAt                 string   `json:"created_at"`
	ParentUUID                string   `json:"parent_uuid"`
	Children                  []string `json:"children"`
}

// wireBGP never carries the auth key: the API only reveals it through the
// bgp_auth_key endpoint. Unconfigured BGP is answered as {}.
type wireBGP struct {
	LocalASN      int    `json:"local_asn,omitempty"`
	LocalRouterIP string `json:"local_router_ip,omitempty"`
	PeerASN       int    `json:"peer_asn,omitempty"`
	PeerRouterIP  string `json:"peer_router_ip,omitempty"`
}

type wireServiceKey struct {
	Value     string `json:"value"`
	State     string `json:"state"`
	CreatedAt string `json:"created_at"`
}

type wireRemoteRoute struct {
	CIDR string `json:"cidr"`
}

// timestamp formats t as the API does: RFC 3339 in UTC, whole seconds.
func timestamp(t time.Time) string { return t.UTC().Truncate(time.Second).Format(time.RFC3339) }

func toWire(a Attachment) wireAttachment {
	w := wireAttachment{
		ID:                        a.ID,
		Name:                      a.Name,
		State:                     a.State,
		ConnectionBandwidthInMbps: a.ConnectionBandwidthInMbps,
		Region:                    a.Region,
		NaaSProvider:              a.NaaSProvider,
		VPCIDs:                    a.VPCIDs,
		RedundancyZone:            a.RedundancyZone,
		CreatedAt:                 timestamp(a.CreatedAt),
		ParentUUID:                a.ParentUUID,
		Children:                  a.Children,
	}
	if w.VPCIDs == nil {
		w.VPCIDs = []string{}
	}
	if a.BGP != nil {
		w.BGP = wireBGP{LocalASN: a.BGP.LocalASN, LocalRouterIP: a.BGP.LocalRouterIP, PeerASN: a.BGP.PeerASN, PeerRouterIP: a.BGP.PeerRouterIP}
	}
	return w
}

func toWireKey(k ServiceKey) wireServiceKey {
	return wireServiceKey{Value: k.Value, State: k.State, CreatedAt: timestamp(k.CreatedAt)}
}
