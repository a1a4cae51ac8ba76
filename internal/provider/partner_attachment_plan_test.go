package provider

import (
	"context"
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// findingWant is what one check must find: nothing (summary ""), or one
// finding of this kind on this attribute whose detail says this.
type findingWant struct {
	path    path.Path
	warning bool
	summary string
	detail  string
}

func checkFindings(t *testing.T, got []diagnostic, want []findingWant) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if !g.At.Equal(w.path) || g.Warning != w.warning || g.Summary() != w.summary || !strings.Contains(g.Detail, w.detail) {
			t.Errorf("finding %d = {%s warning=%v %q %q}\nwant {%s warning=%v %q containing %q}",
				i, g.At, g.Warning, g.Summary(), g.Detail, w.path, w.warning, w.summary, w.detail)
		}
	}
}

func TestRouterIPFindings(t *testing.T) {
	for _, tc := range []struct {
		name, local, peer string
		want              []findingWant
	}{
		{name: "the API reference's pair", local: "169.254.0.1/29", peer: "169.254.0.6/29"},
		{name: "a /30", local: "169.254.10.1/30", peer: "169.254.10.2/30"},
		{name: "a /31 uses both addresses", local: "169.254.0.0/31", peer: "169.254.0.1/31"},
		{name: "IPv6 in one subnet", local: "fd00::1/126", peer: "fd00::2/126"},
		{name: "IPv6 spelled differently, same subnet", local: "FD00:0:0::1/126", peer: "fd00::2/126"},
		{name: "IPv6's first address is usable", local: "fd00::/126", peer: "fd00::3/126"},
		{name: "unparsable values are cidrValidator's", local: "169.254.0.1", peer: "not-an-ip"},
		{name: "different prefix lengths", local: "169.254.0.1/29", peer: "169.254.0.6/30",
			want: []findingWant{{path: pathPeerRouterIP, summary: "Validating bgp.peer_router_ip: router IPs with different prefix lengths",
				detail: "bgp.peer_router_ip 169.254.0.6/30 has prefix length /30 but bgp.local_router_ip 169.254.0.1/29 has /29"}}},
		{name: "different subnets", local: "169.254.0.1/29", peer: "169.254.0.9/29",
			want: []findingWant{{path: pathPeerRouterIP, summary: "Validating bgp.peer_router_ip: router IPs in different subnets",
				detail: "bgp.peer_router_ip 169.254.0.9/29 is not in 169.254.0.0/29, the subnet of bgp.local_router_ip 169.254.0.1/29"}}},
		{name: "the API reference's other example, 2.2.2.2 and 3.3.3.3", local: "2.2.2.2/29", peer: "3.3.3.3/29",
			want: []findingWant{{path: pathPeerRouterIP, summary: "Validating bgp.peer_router_ip: router IPs in different subnets", detail: "not in 2.2.2.0/29"}}},
		{name: "the same address", local: "169.254.0.1/29", peer: "169.254.0.1/29",
			want: []findingWant{{path: pathPeerRouterIP, summary: "Validating bgp.peer_router_ip: router IPs are the same address",
				detail: "both 169.254.0.1: the two routers need distinct addresses in 169.254.0.0/29"}}},
		{name: "the same IPv6 address spelled twice", local: "fd00:0::1/126", peer: "fd00::1/126",
			want: []findingWant{{path: pathPeerRouterIP, summary: "Validating bgp.peer_router_ip: router IPs are the same address", detail: "both fd00::1"}}},
		{name: "a /32 has room for one router", local: "169.254.0.1/32", peer: "169.254.0.1/32",
			want: []findingWant{{path: pathPeerRouterIP, summary: "Validating bgp.peer_router_ip: router IPs are the same address"}}},
		{name: "the network address", local: "169.254.0.0/29", peer: "169.254.0.6/29",
			want: []findingWant{{path: pathLocalRouterIP, summary: "Validating bgp.local_router_ip: router IP is the subnet's network address",
				detail: "bgp.local_router_ip 169.254.0.0/29 is the network address of 169.254.0.0/29, which no router can use: choose an address from 169.254.0.1 to 169.254.0.6"}}},
		{name: "the broadcast address", local: "169.254.0.1/29", peer: "169.254.0.7/29",
			want: []findingWant{{path: pathPeerRouterIP, summary: "Validating bgp.peer_router_ip: router IP is the subnet's broadcast address",
				detail: "bgp.peer_router_ip 169.254.0.7/29 is the broadcast address of 169.254.0.0/29"}}},
		{name: "a /30's reserved addresses", local: "169.254.0.4/30", peer: "169.254.0.7/30",
			want: []findingWant{
				{path: pathLocalRouterIP, summary: "Validating bgp.local_router_ip: router IP is the subnet's network address", detail: "from 169.254.0.5 to 169.254.0.6"},
				{path: pathPeerRouterIP, summary: "Validating bgp.peer_router_ip: router IP is the subnet's broadcast address", detail: "169.254.0.7/30 is the broadcast address of 169.254.0.4/30"},
			}},
		{name: "a broadcast address in another subnet", local: "169.254.0.1/29", peer: "169.254.0.15/29",
			want: []findingWant{
				{path: pathPeerRouterIP, summary: "Validating bgp.peer_router_ip: router IP is the subnet's broadcast address", detail: "169.254.0.15/29 is the broadcast address of 169.254.0.8/29"},
				{path: pathPeerRouterIP, summary: "Validating bgp.peer_router_ip: router IPs in different subnets"},
			}},
		{name: "IPv4 with IPv6", local: "169.254.0.1/29", peer: "fd00::2/126",
			want: []findingWant{{path: pathPeerRouterIP, summary: "Validating bgp.peer_router_ip: router IPs of different address families",
				detail: "bgp.peer_router_ip fd00::2/126 is IPv6 but bgp.local_router_ip 169.254.0.1/29 is IPv4: both router IPs must be IPv4, or both IPv6"}}},
		{name: "an IPv4-mapped IPv6 address is IPv6", local: "::ffff:169.254.0.1/125", peer: "169.254.0.6/29",
			want: []findingWant{{path: pathPeerRouterIP, summary: "Validating bgp.peer_router_ip: router IPs of different address families", detail: "is IPv4 but bgp.local_router_ip ::ffff:169.254.0.1/125 is IPv6"}}},
		{name: "outside link-local is a warning", local: "10.0.0.1/30", peer: "10.0.0.2/30",
			want: []findingWant{{path: pathLocalRouterIP, warning: true, summary: "Validating bgp.local_router_ip: router IPs outside 169.254.0.0/16",
				detail: "bgp.local_router_ip 10.0.0.1/30 and bgp.peer_router_ip 10.0.0.2/30 are outside 169.254.0.0/16"}}},
		{name: "an error is not buried in a warning", local: "10.0.0.1/30", peer: "10.0.0.1/30",
			want: []findingWant{{path: pathPeerRouterIP, summary: "Validating bgp.peer_router_ip: router IPs are the same address"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkFindings(t, routerIPFindings(tc.local, tc.peer), tc.want)
		})
	}
}

func TestSubnetBounds(t *testing.T) {
	for in, want := range map[string][2]string{
		"169.254.0.1/29":  {"169.254.0.0", "169.254.0.7"},
		"169.254.3.77/24": {"169.254.3.0", "169.254.3.255"},
		"10.1.2.3/8":      {"10.0.0.0", "10.255.255.255"},
		"0.0.0.0/0":       {"0.0.0.0", "255.255.255.255"},
		"169.254.0.9/32":  {"169.254.0.9", "169.254.0.9"},
	} {
		first, last := subnetBounds(netip.MustParsePrefix(in))
		if first.String() != want[0] || last.String() != want[1] {
			t.Errorf("subnetBounds(%s) = %s, %s; want %s, %s", in, first, last, want[0], want[1])
		}
	}
}

func TestPeerASNFinding(t *testing.T) {
	warn := []findingWant{{path: pathPeerRouterASN, warning: true, summary: "Planning bgp.peer_router_asn: peer ASN equals the local ASN",
		detail: "bgp.peer_router_asn 64532 is this attachment's own bgp.local_asn"}}
	for _, tc := range []struct {
		name        string
		peer, local types.Int64
		want        []findingWant
	}{
		{"equal", types.Int64Value(64532), types.Int64Value(64532), warn},
		{"different", types.Int64Value(64533), types.Int64Value(64532), nil},
		{"local ASN not known yet (a new attachment)", types.Int64Value(64532), types.Int64Unknown(), nil},
		{"no BGP", types.Int64Null(), types.Int64Null(), nil},
		{"peer ASN from an unknown value", types.Int64Unknown(), types.Int64Value(64532), nil},
	} {
		t.Run(tc.name, func(t *testing.T) { checkFindings(t, peerASNFinding(tc.peer, tc.local), tc.want) })
	}
}

func TestHAZoneFinding(t *testing.T) {
	warn := []findingWant{{path: pathRedundancy, warning: true, summary: "Planning redundancy_zone: HA pair in one redundancy zone",
		detail: "redundancy_zone MEGAPORT_BLUE is also the zone of the parent attachment p-1 (parent_uuid)"}}
	for _, tc := range []struct {
		name, parent, zone, parentZone string
		want                           []findingWant
	}{
		{"same zone", "p-1", "MEGAPORT_BLUE", "MEGAPORT_BLUE", warn},
		{"opposite zones", "p-1", "MEGAPORT_RED", "MEGAPORT_BLUE", nil},
		{"parent not seen", "p-1", "MEGAPORT_BLUE", "", nil},
		{"zone left to the API", "p-1", "", "MEGAPORT_BLUE", nil},
		{"no parent", "", "MEGAPORT_BLUE", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) { checkFindings(t, haZoneFinding(tc.parent, tc.zone, tc.parentZone), tc.want) })
	}
}

// The BGP checks that warn rather than fail, through the Terraform CLI: the
// plan goes on and shows the warning on its attribute, and no check sends a
// request of its own (a plan of a new configuration sends none at all; a
// plan of existing attachments sends only its refresh). The checks that
// fail are in badAttachments (TestAccBadInput_rejectedAtPlanWithoutRequests).
func TestAccBGPChecks_warnings(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "counts the requests in the emulator's journal")
	out := &syncBuffer{}
	ws := env.workspace(t, out)
	ctx := context.Background()
	write := func(blocks ...string) {
		t.Helper()
		if err := ws.WriteConfig(env.config(blocks...)); err != nil {
			t.Fatal(err)
		}
	}
	// since runs cmd and returns what it printed.
	since := func(what string, cmd func() error) string {
		t.Helper()
		mark := len(out.String())
		if err := cmd(); err != nil {
			t.Fatalf("%s: %v\n%s", what, err, out.String()[mark:])
		}
		return out.String()[mark:]
	}
	plan := func() error { _, err := ws.Plan(ctx); return err }
	expect := func(what, output string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !wrapped(w).MatchString(output) {
				t.Errorf("%s: output lacks %q:\n%s", what, w, output)
			}
		}
	}
	// onlyReads fails unless every request from the journal's entry n on
	// is a GET: the refresh, and nothing the checks sent.
	onlyReads := func(what string, n int) {
		t.Helper()
		for _, e := range env.api.Journal()[n:] {
			if e.Method != http.MethodGet {
				t.Errorf("%s sent %s %s", what, e.Method, e.Path)
			}
		}
	}
	t.Cleanup(func() {
		if err := ws.Destroy(ctx); err != nil {
			t.Errorf("destroy: %v", err)
		}
	})

	if err := ws.Init(ctx); err != nil {
		t.Fatal(err)
	}
	outside := baseAttachment(env.name("bgp-outside"))
	outside.BGP.LocalIP, outside.BGP.PeerIP = "10.0.0.1/30", "10.0.0.2/30"
	write(outside.hcl("outside"))
	expect("plan with router IPs outside 169.254.0.0/16", since("plan", plan),
		`Warning: Validating bgp.local_router_ip: router IPs outside 169.254.0.0/16`, `bgp.local_router_ip 10.0.0.1/30 and bgp.peer_router_ip 10.0.0.2/30 are outside 169.254.0.0/16`)
	// The BGP checks send nothing; the name check lists once.
	if j := env.api.Journal(); len(j) != 1 || j[0].Method != http.MethodGet || j[0].Path != attachmentsPath {
		t.Fatalf("planning a new configuration sent %d requests (%v), want only the name check's list", len(j), j)
	}

	// An HA pair planned in one zone, both new: the parent's ID is unknown
	// at plan time, so the warning comes when Terraform plans the child
	// again during the apply, once the parent exists; once.
	parent := baseAttachment(env.name("ha-parent"))
	parent.Extra = "  redundancy_zone = \"MEGAPORT_BLUE\"\n"
	child := baseAttachment(env.name("ha-child"))
	child.BGP = nil
	child.Extra = "  redundancy_zone = \"MEGAPORT_BLUE\"\n  parent_uuid = do_partner_attachment.parent.id\n"
	write(parent.hcl("parent"), child.hcl("child"))
	applied := since("apply", func() error { return ws.Apply(ctx) })
	expect("apply of an HA pair in one zone", applied, `Warning: Planning redundancy_zone: HA pair in one redundancy zone`,
		`redundancy_zone MEGAPORT_BLUE is also the zone of the parent attachment`)
	if n := strings.Count(applied, "Warning: Planning redundancy_zone: HA pair in one redundancy zone"); n != 1 {
		t.Errorf("the apply warned %d times about the zone, want once:\n%s", n, applied)
	}
	if strings.Contains(applied, "peer ASN equals the local ASN") {
		t.Errorf("a peer ASN (%d) other than the local ASN (%d) was warned about:\n%s", parent.BGP.PeerASN, fakeapi.DefaultLocalASN, applied)
	}

	// Now the parent exists: its refresh tells the provider its zone, and
	// its local ASN is known, so the plan warns about both.
	parent.BGP.PeerASN = fakeapi.DefaultLocalASN
	write(parent.hcl("parent"), child.hcl("child"))
	n := len(env.api.Journal())
	expect("plan of the existing pair", since("plan", plan),
		`Warning: Planning redundancy_zone: HA pair in one redundancy zone`,
		`Warning: Planning bgp.peer_router_asn: peer ASN equals the local ASN`,
		`bgp.peer_router_asn 65432 is this attachment's own bgp.local_asn`)
	onlyReads("the plan of the existing pair", n)
}
