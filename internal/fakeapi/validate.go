package fakeapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Allowed values, from the partner_attachment_writable schema.
var (
	namePattern     = regexp.MustCompile(`^[a-zA-Z0-9\-\.]+$`)
	bandwidths      = []int{1000, 2000, 5000, 10000}
	regions         = []string{"nyc", "sfo", "fra", "ams", "sgp"}
	redundancyZones = []string{zoneBlue, zoneRed}
)

const (
	zoneBlue = "MEGAPORT_BLUE"
	zoneRed  = "MEGAPORT_RED"
)

const maxASN = 1<<32 - 1

// bgpInput is bgp as clients send it: the request names differ from the
// response names (peer_router_asn vs peer_asn, local_router_asn vs local_asn).
type bgpInput struct {
	LocalRouterIP  string `json:"local_router_ip"`
	PeerRouterIP   string `json:"peer_router_ip"`
	PeerRouterASN  int64  `json:"peer_router_asn"`
	AuthKey        string `json:"auth_key"`
	LocalRouterASN int64  `json:"local_router_asn"`
}

type createInput struct {
	Name           string    `json:"name"`
	Bandwidth      int       `json:"connection_bandwidth_in_mbps"`
	Region         string    `json:"region"`
	NaaSProvider   string    `json:"naas_provider"`
	VPCIDs         []string  `json:"vpc_ids"`
	BGP            *bgpInput `json:"bgp"`
	RedundancyZone string    `json:"redundancy_zone"`
	ParentUUID     string    `json:"parent_uuid"`
}

// patchInput uses pointers to tell "absent" from "present but empty".
type patchInput struct {
	Name   *string   `json:"name"`
	VPCIDs *[]string `json:"vpc_ids"`
	BGP    *bgpInput `json:"bgp"`
}

// problems collects every validation failure so one 422 names them all.
type problems []string

func (p *problems) addf(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

// decode parses the request body into v, answering 400 for malformed JSON and
// 422 for a field of the wrong type (naming the field).
func (c *call) decode(v any) bool {
	err := json.Unmarshal(c.body, v)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return true
	case errors.As(err, &typeErr) && typeErr.Field != "":
		c.fail(http.StatusUnprocessableEntity, fmt.Sprintf("%s has the wrong type: got a JSON %s", typeErr.Field, typeErr.Value))
	default:
		c.fail(http.StatusBadRequest, "request body must be a JSON object: "+err.Error())
	}
	return false
}

func (s *Server) validateCreate(in createInput, now time.Time) problems {
	var p problems
	s.checkName(&p, in.Name, "", now)
	offer := s.offer()
	if !slices.Contains(offer.bandwidths, in.Bandwidth) {
		p.addf("connection_bandwidth_in_mbps must be one of %s (got %d)", joinInts(offer.bandwidths), in.Bandwidth)
	}
	if !slices.Contains(offer.regions, strings.ToLower(in.Region)) {
		p.addf("region must be one of %s (got %q)", strings.Join(offer.regions, ", "), in.Region)
	}
	if strings.TrimSpace(in.NaaSProvider) == "" {
		p.addf("naas_provider is required")
	}
	checkVPCIDs(&p, in.VPCIDs)
	if in.BGP != nil {
		checkBGP(&p, *in.BGP)
	}
	if in.RedundancyZone != "" && !slices.Contains(offer.zones, strings.ToUpper(in.RedundancyZone)) {
		p.addf("redundancy_zone must be one of %s (got %q)", strings.Join(offer.zones, ", "), in.RedundancyZone)
	}
	if in.ParentUUID != "" {
		s.checkParent(&p, in.ParentUUID, now)
	}
	return p
}

// offering is what creates accept.
type offering struct {
	regions    []string
	bandwidths []int
	zones      []string
}

// offer is the reference's lists, widened under ProfileWiderOffer.
func (s *Server) offer() offering {
	o := offering{regions: regions, bandwidths: bandwidths, zones: redundancyZones}
	if s.profiles[ProfileWiderOffer] {
		o.regions = append(slices.Clone(regions), WiderOfferRegion)
		o.bandwidths = append(slices.Clone(bandwidths), WiderOfferBandwidth)
		o.zones = append(slices.Clone(redundancyZones), WiderOfferZone)
	}
	return o
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// checkParent refuses a parent that does not exist, is being deleted, has
// failed, or is itself a child: an attachment has at most one level of
// children. It judges the true state, as for names: a parent created a
// moment ago is accepted even while the eventual profile hides it from reads.
func (s *Server) checkParent(p *problems, id string, now time.Time) {
	parent, ok := s.store.get(id, now)
	if !ok || !parent.live(now) {
		p.addf("parent_uuid %q does not match an existing partner attachment", id)
		return
	}
	state := strings.ToUpper(publicState(parent.sched.at(now)))
	switch {
	case strings.Contains(state, "DELET") || strings.Contains(state, "DEPROVISION"):
		p.addf("parent_uuid %q names a partner attachment that is being deleted (state %s)", id, state)
	case strings.Contains(state, "ERROR") || strings.Contains(state, "FAIL"):
		p.addf("parent_uuid %q names a partner attachment in state %s, which cannot take a child", id, state)
	case parent.ParentUUID != "":
		p.addf("parent_uuid %q names a partner attachment that is itself a child (of %s); an attachment can have only one level of children", id, parent.ParentUUID)
	}
}

func (s *Server) validatePatch(in patchInput, self string, now time.Time) problems {
	var p problems
	if in.Name == nil && in.VPCIDs == nil && in.BGP == nil {
		p.addf("at least one of name, vpc_ids or bgp is required")
	}
	if in.Name != nil {
		s.checkName(&p, *in.Name, self, now)
	}
	if in.VPCIDs != nil {
		checkVPCIDs(&p, *in.VPCIDs)
	}
	if in.BGP != nil {
		checkBGP(&p, *in.BGP)
	}
	return p
}

func (s *Server) checkName(p *problems, name, self string, now time.Time) {
	switch {
	case name == "":
		p.addf("name is required")
	case !namePattern.MatchString(name):
		p.addf("name %q may only contain alphanumeric characters, dashes, and periods", name)
	case s.store.nameTaken(name, self, now):
		p.addf("name %q is already in use by another partner attachment", name)
	}
}

func checkVPCIDs(p *problems, ids []string) {
	if len(ids) == 0 {
		p.addf("vpc_ids must contain at least one VPC ID")
	}
	for i, id := range ids {
		if strings.TrimSpace(id) == "" {
			p.addf("vpc_ids[%d] must not be empty", i)
		}
	}
}

// checkBGP applies the rule that a bgp object, when sent, must be complete.
func checkBGP(p *problems, b bgpInput) {
	for _, f := range [...]struct{ name, ip string }{{"local_router_ip", b.LocalRouterIP}, {"peer_router_ip", b.PeerRouterIP}} {
		if f.ip == "" {
			p.addf("bgp.%s is required", f.name)
		} else if _, err := netip.ParsePrefix(f.ip); err != nil {
			p.addf("bgp.%s must be an IP address in CIDR notation such as 169.254.0.1/29 (got %q)", f.name, f.ip)
		}
	}
	if b.PeerRouterASN == 0 {
		p.addf("bgp.peer_router_asn is required")
	} else if b.PeerRouterASN < 0 || b.PeerRouterASN > maxASN {
		p.addf("bgp.peer_router_asn must be between 1 and %d", int64(maxASN))
	}
	if b.LocalRouterASN < 0 || b.LocalRouterASN > maxASN {
		p.addf("bgp.local_router_asn must be between 1 and %d", int64(maxASN))
	}
	if b.AuthKey == "" {
		p.addf("bgp.auth_key is required")
	}
}

// toBGP converts validated input, keeping the previous local ASN (or the
// default) when the client does not choose one.
func toBGP(b bgpInput, prev *BGP) *BGP {
	local := int(b.LocalRouterASN)
	if local == 0 && prev != nil {
		local = prev.LocalASN
	}
	if local == 0 {
		local = DefaultLocalASN
	}
	return &BGP{LocalASN: local, LocalRouterIP: b.LocalRouterIP, PeerASN: int(b.PeerRouterASN), PeerRouterIP: b.PeerRouterIP, AuthKey: b.AuthKey}
}
