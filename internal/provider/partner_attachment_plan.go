package provider

import (
	"context"
	"fmt"
	"net/netip"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithValidateConfig = &partnerAttachmentResource{}

var _ resource.ResourceWithModifyPlan = &partnerAttachmentResource{}

var (
	pathLocalRouterIP = pathBGP.AtName("local_router_ip")
	pathPeerRouterIP  = pathBGP.AtName("peer_router_ip")
	pathPeerRouterASN = pathBGP.AtName("peer_router_asn")
	pathRedundancy    = path.Root("redundancy_zone")
	pathParentUUID    = path.Root("parent_uuid")
)

var (
	pathBGP       = path.Root("bgp")
	pathAuthKey   = pathBGP.AtName("auth_key")
	pathAuthKeyWO = pathBGP.AtName("auth_key_wo")
)

// ValidateConfig runs the checks that need only the configuration.
func (r *partnerAttachmentResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var local, peer types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathLocalRouterIP, &local)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathPeerRouterIP, &peer)...)
	if resp.Diagnostics.HasError() || local.ValueString() == "" || peer.ValueString() == "" {
		return
	}
	addFindings(ctx, &resp.Diagnostics, routerIPFindings(local.ValueString(), peer.ValueString()))
}

// ModifyPlan runs the checks that consult the API (names and parents,
// planAgainstAPI in partner_attachment_plan_checks.go), the plan-time BGP
// checks (planFindings, below), keeps a write-only user's key out of
// state (a key imported into state is dropped at the next apply) and asks
// for a key, at plan time, whenever BGP is about to be configured without
// one.
func (r *partnerAttachmentResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.planAgainstAPI(r.data.withSecrets(ctx), req, resp)
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	addFindings(ctx, &resp.Diagnostics, r.planFindings(ctx, req.Plan, &resp.Diagnostics))
	var bgp types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathBGP, &bgp)...)
	if resp.Diagnostics.HasError() || bgp.IsNull() || bgp.IsUnknown() {
		return
	}
	var key, writeOnly types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathAuthKey, &key)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathAuthKeyWO, &writeOnly)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !writeOnly.IsNull() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, pathAuthKey, types.StringNull())...)
		return
	}
	if !key.IsNull() {
		return
	}
	var priorBGP types.Object
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathBGP, &priorBGP)...)
	}
	if req.State.Raw.IsNull() || priorBGP.IsNull() {
		report(ctx, &resp.Diagnostics, diagnostic{Op: opPlanning, Subject: attributeSubject(pathBGP), Problem: problemMissingAuthKey, At: pathBGP,
			Detail: "Configuring BGP on an attachment needs an auth key: set bgp.auth_key, or bgp.auth_key_wo with bgp.auth_key_wo_version."})
	}
}

// planFindings are the checks that need the plan: the local ASN once the
// attachment exists, and the parent's zone when this provider has seen the
// parent (read or created it) in this command. Neither sends a request.
// When both are created in one apply, the parent's ID is unknown when the
// plan is made; Terraform plans the child again during the apply, once the
// parent exists, and the warning comes then.
func (r *partnerAttachmentResource) planFindings(ctx context.Context, plan tfsdk.Plan, diags *diag.Diagnostics) []diagnostic {
	var peerASN, localASN types.Int64
	var parentID, zone types.String
	diags.Append(plan.GetAttribute(ctx, pathPeerRouterASN, &peerASN)...)
	diags.Append(plan.GetAttribute(ctx, pathBGP.AtName("local_asn"), &localASN)...)
	diags.Append(plan.GetAttribute(ctx, pathParentUUID, &parentID)...)
	diags.Append(plan.GetAttribute(ctx, pathRedundancy, &zone)...)
	if diags.HasError() {
		return nil
	}
	findings := peerASNFinding(peerASN, localASN)
	if r.data != nil { // nil before Configure
		parent := parentID.ValueString()
		// The zones saveState and Read recorded.
		findings = append(findings, haZoneFinding(parent, zone.ValueString(), r.data.zones.of(parent))...)
	}
	return findings
}

// linkLocalV4 is where the API reference's router IPs are, and where BGP
// sessions over Partner Network Connect usually are.
var linkLocalV4 = netip.MustParsePrefix("169.254.0.0/16")

// addFindings reports each finding of a check (an error or a warning on an
// attribute).
func addFindings(ctx context.Context, diags *diag.Diagnostics, findings []diagnostic) {
	for _, f := range findings {
		report(ctx, diags, f)
	}
}

// routerIPFinding is a finding of routerIPFindings: an error on the
// attribute at, which is also its subject.
func routerIPFinding(at path.Path, p problem, format string, args ...any) diagnostic {
	return diagnostic{Op: opValidating, Subject: attributeSubject(at), Problem: p, At: at, Detail: fmt.Sprintf(format, args...)}
}

// routerIPFindings checks the two router IPs against each other. A value
// that does not parse is left to cidrValidator.
func routerIPFindings(local, peer string) []diagnostic {
	l, errL := netip.ParsePrefix(local)
	p, errP := netip.ParsePrefix(peer)
	if errL != nil || errP != nil {
		return nil
	}
	if l.Addr().Is4() != p.Addr().Is4() {
		return []diagnostic{routerIPFinding(pathPeerRouterIP, problemFamiliesDiffer,
			"bgp.peer_router_ip %s is %s but bgp.local_router_ip %s is %s: both router IPs must be IPv4, or both IPv6, in one subnet.",
			peer, family(p), local, family(l))}
	}
	var out []diagnostic
	for _, ip := range []struct {
		at    path.Path
		value string
		p     netip.Prefix
	}{{pathLocalRouterIP, local, l}, {pathPeerRouterIP, peer, p}} {
		if what := reservedAddress(ip.p); what != "" {
			first, last := usableRange(ip.p)
			reserved := problemNetworkAddress
			if what == "broadcast" {
				reserved = problemBroadcastAddress
			}
			out = append(out, routerIPFinding(ip.at, reserved, "%s %s is the %s address of %s, which no router can use: choose an address from %s to %s.",
				ip.at, ip.value, what, ip.p.Masked(), first, last))
		}
	}
	switch {
	case l.Bits() != p.Bits():
		out = append(out, routerIPFinding(pathPeerRouterIP, problemPrefixLengthsDiffer,
			"bgp.peer_router_ip %s has prefix length /%d but bgp.local_router_ip %s has /%d: both router IPs must be in one subnet, with the same prefix length (such as 169.254.0.1/29 and 169.254.0.6/29).",
			peer, p.Bits(), local, l.Bits()))
	case l.Masked() != p.Masked():
		out = append(out, routerIPFinding(pathPeerRouterIP, problemSubnetsDiffer,
			"bgp.peer_router_ip %s is not in %s, the subnet of bgp.local_router_ip %s: both router IPs must be in one subnet (such as 169.254.0.1/29 and 169.254.0.6/29).",
			peer, l.Masked(), local))
	case l.Addr() == p.Addr():
		out = append(out, routerIPFinding(pathPeerRouterIP, problemSameRouterIP,
			"bgp.peer_router_ip and bgp.local_router_ip are both %s: the two routers need distinct addresses in %s.",
			p.Addr(), l.Masked()))
	}
	if len(out) > 0 {
		return out
	}
	if l.Addr().Is4() && !linkLocalV4.Contains(l.Addr()) {
		out = append(out, diagnostic{Op: opValidating, Subject: attributeSubject(pathLocalRouterIP), Problem: problemOutsideLinkLocal, At: pathLocalRouterIP, Warning: true,
			Detail: fmt.Sprintf("bgp.local_router_ip %s and bgp.peer_router_ip %s are outside 169.254.0.0/16, the link-local range BGP sessions over Partner Network Connect use. "+
				"If the partner side expects these addresses, ignore this warning.", local, peer)})
	}
	return out
}

func family(p netip.Prefix) string {
	if p.Addr().Is4() {
		return "IPv4"
	}
	return "IPv6"
}

// reservedAddress names what p's address is in its subnet, "network" or
// "broadcast", or "" when a router may use it. Only IPv4 subnets larger than
// /31 reserve them (RFC 3021 lets a /31's two addresses both be used).
func reservedAddress(p netip.Prefix) string {
	if !p.Addr().Is4() || p.Bits() >= 31 {
		return ""
	}
	first, last := subnetBounds(p)
	switch p.Addr() {
	case first:
		return "network"
	case last:
		return "broadcast"
	}
	return ""
}

// usableRange is the first and last address a router may use in p's IPv4
// subnet (prefix shorter than /31).
func usableRange(p netip.Prefix) (netip.Addr, netip.Addr) {
	first, last := subnetBounds(p)
	return first.Next(), last.Prev()
}

// subnetBounds is the network and broadcast address of p's IPv4 subnet.
func subnetBounds(p netip.Prefix) (netip.Addr, netip.Addr) {
	network := p.Masked().Addr()
	b := network.As4()
	host := ^uint32(0) >> p.Bits()
	for i := range 4 {
		b[i] |= byte(host >> (24 - 8*i))
	}
	return network, netip.AddrFrom4(b)
}

// peerASNFinding warns when the partner's ASN is the attachment's own
// (known once the attachment exists): that makes the session internal BGP,
// which is rarely what a Partner Network Connect session is meant to be.
func peerASNFinding(peerASN, localASN types.Int64) []diagnostic {
	if peerASN.IsNull() || peerASN.IsUnknown() || localASN.IsNull() || localASN.IsUnknown() ||
		peerASN.ValueInt64() != localASN.ValueInt64() {
		return nil
	}
	return []diagnostic{{Op: opPlanning, Subject: attributeSubject(pathPeerRouterASN), Problem: problemPeerASNIsLocal, At: pathPeerRouterASN, Warning: true,
		Detail: fmt.Sprintf("bgp.peer_router_asn %d is this attachment's own bgp.local_asn, which makes the session internal BGP. "+
			"Partner routers normally use an ASN of their own (1 to 4294967295, other than %d); if internal BGP is intended, ignore this warning.",
			peerASN.ValueInt64(), localASN.ValueInt64())}}
}

// haZoneFinding warns when an HA child is planned in the redundancy zone
// its parent is known to be in: the pair then shares one zone's failures.
func haZoneFinding(parentID, zone, parentZone string) []diagnostic {
	if parentID == "" || zone == "" || zone != parentZone {
		return nil
	}
	return []diagnostic{{Op: opPlanning, Subject: attributeSubject(pathRedundancy), Problem: problemHAPairOneZone, At: pathRedundancy, Warning: true,
		Detail: fmt.Sprintf("redundancy_zone %s is also the zone of the parent attachment %s (parent_uuid), so both attachments of the pair share one zone's failures. "+
			"Use the opposite zone (MEGAPORT_BLUE or MEGAPORT_RED) for the child.", zone, parentID)}}
}
