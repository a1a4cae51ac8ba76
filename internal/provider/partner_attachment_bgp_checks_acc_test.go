package provider

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

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
		`Warning: Router IPs outside 169.254.0.0/16`, `bgp.local_router_ip 10.0.0.1/30 and bgp.peer_router_ip 10.0.0.2/30 are outside 169.254.0.0/16`)
	if n := len(env.api.Journal()); n != 0 {
		t.Fatalf("planning a new configuration sent %d requests", n)
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
	expect("apply of an HA pair in one zone", applied, `Warning: HA pair in one redundancy zone`,
		`redundancy_zone MEGAPORT_BLUE is also the zone of the parent attachment`)
	if n := strings.Count(applied, "Warning: HA pair in one redundancy zone"); n != 1 {
		t.Errorf("the apply warned %d times about the zone, want once:\n%s", n, applied)
	}
	if strings.Contains(applied, "Peer ASN equals") {
		t.Errorf("a peer ASN (%d) other than the local ASN (%d) was warned about:\n%s", parent.BGP.PeerASN, fakeapi.DefaultLocalASN, applied)
	}

	// Now the parent exists: its refresh tells the provider its zone, and
	// its local ASN is known, so the plan warns about both.
	parent.BGP.PeerASN = fakeapi.DefaultLocalASN
	write(parent.hcl("parent"), child.hcl("child"))
	n := len(env.api.Journal())
	expect("plan of the existing pair", since("plan", plan),
		`Warning: HA pair in one redundancy zone`,
		`Warning: Peer ASN equals the attachment's local ASN`,
		`bgp.peer_router_asn 65432 is this attachment's own bgp.local_asn`)
	onlyReads("the plan of the existing pair", n)
}
