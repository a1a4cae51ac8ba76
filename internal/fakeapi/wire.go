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
	// BGP and RedundancyZone are pointers, and Children nil-able, only so
	// the sparse profile can leave them out; by default they are always
	// present.
	BGP            *wireBGP `json:"bgp,omitempty"`
	RedundancyZone *string  `json:"redundancy_zone,omitempty"`
	CreatedAt      string   `json:"created_at"`
	ParentUUID     string   `json:"parent_uuid"`
	Children       []string `json:"children,omitzero"`
	// Unknown fields the sparse profile adds, as an API may at any time.
	URN   string     `json:"urn,omitempty"`
	Tags  []string   `json:"tags,omitzero"`
	Extra *wireExtra `json:"extra,omitempty"`
}

type wireExtra struct {
	Nested bool `json:"nested"`
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
		BGP:                       &wireBGP{},
		RedundancyZone:            &a.RedundancyZone,
		CreatedAt:                 timestamp(a.CreatedAt),
		ParentUUID:                a.ParentUUID,
		Children:                  a.Children,
	}
	if w.VPCIDs == nil {
		w.VPCIDs = []string{}
	}
	if w.Children == nil {
		w.Children = []string{}
	}
	if a.BGP != nil {
		w.BGP = &wireBGP{LocalASN: a.BGP.LocalASN, LocalRouterIP: a.BGP.LocalRouterIP, PeerASN: a.BGP.PeerASN, PeerRouterIP: a.BGP.PeerRouterIP}
	}
	return w
}

// toWire converts a for an answer under the selected profiles; listed says
// whether it is a list entry.
func (s *Server) toWire(a Attachment, listed bool) wireAttachment {
	if listed {
		a.State = s.listedState(a.State)
	}
	w := toWire(a)
	if s.profiles[ProfileSparse] {
		sparsify(&w, a, listed)
	}
	return w
}

// sparsify applies the sparse profile: optional fields are left out
// (an empty redundancy_zone, children, and unconfigured BGP, which a single
// attachment answers with only the default local ASN), and unknown fields
// are added.
func sparsify(w *wireAttachment, a Attachment, listed bool) {
	if a.RedundancyZone == "" {
		w.RedundancyZone = nil
	}
	w.Children = nil
	if a.BGP == nil {
		w.BGP = nil
		if !listed {
			w.BGP = &wireBGP{LocalASN: DefaultLocalASN}
		}
	}
	w.URN = "do:partnerattachment:" + a.ID
	w.Tags = []string{}
	w.Extra = &wireExtra{Nested: true}
}

func toWireKey(k ServiceKey) wireServiceKey {
	return wireServiceKey{Value: k.Value, State: k.State, CreatedAt: timestamp(k.CreatedAt)}
}
