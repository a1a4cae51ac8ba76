package provider

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// applyThroughFaults injects faults, applies one attachment and checks that
// exactly one exists, that it is in state and ready, and that the create
// was sent posts times.
func applyThroughFaults(t *testing.T, name string, posts int, faults ...fakeapi.Fault) {
	t.Helper()
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "injects faults")
	env.api.InjectFaults(faults...)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{{
			Config: env.config(baseAttachment(name).hcl("test")),
			Check: resource.ComposeAggregateTestCheckFunc(
				env.checkOneInState(t, posts),
				resource.TestCheckResourceAttr(addr, "state", "ACTIVE"),
			),
		}},
	})
}

// The API creates the attachment and the connection drops (or an error is
// answered) instead of the answer: the provider finds the attachment by
// name and adopts it, without sending the create again.
func TestAccPartnerAttachment_createAnswerLostIsAdopted(t *testing.T) {
	for _, f := range []fakeapi.Fault{{AfterAct: true, Drop: true}, {AfterAct: true, Status: http.StatusBadGateway}, {AfterAct: true, Status: http.StatusTooManyRequests}} {
		t.Run(f.Kind(), func(t *testing.T) { applyThroughFaults(t, "tfacc-lost-answer", 1, createFault(f)) })
	}
}

// Refused before the API acted: the lookup finds nothing, so the create is
// sent again, and only then.
func TestAccPartnerAttachment_createRefusedIsRetried(t *testing.T) {
	applyThroughFaults(t, "tfacc-refused", 3,
		createFault(fakeapi.Fault{Status: http.StatusServiceUnavailable}), createFault(fakeapi.Fault{Drop: true}))
}

// With retries off, a create lost before the API acted fails with a clear
// message and leaves nothing behind; the next apply creates it.
func TestAccPartnerAttachment_createLostWithoutRetriesFailsCleanly(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "injects faults")
	env.api.InjectFaults(createFault(fakeapi.Fault{Drop: true}))
	cfg := `provider "do" {
  token          = %q
  api_endpoint   = %q
  http_retry_max = 0
}
`
	config := fmt.Sprintf(cfg, env.token, env.url) + baseAttachment("tfacc-no-retry").hcl("test")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: wrapped(`No attachment named "tfacc-no-retry" exists, so nothing was created; applying again is safe.`),
			},
			{Config: config, Check: env.checkOneInState(t, 2)},
		},
	})
}

// An attachment with the planned name but other settings (here: another
// BGP auth key) is never adopted, even when the create's answer was lost.
func TestAccPartnerAttachment_lostCreateNeverAdoptsADifferentAttachment(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "injects faults")
	cfg := baseAttachment("tfacc-taken")
	other := fakeapi.BGP{LocalRouterIP: cfg.BGP.LocalIP, PeerRouterIP: cfg.BGP.PeerIP, PeerASN: int(cfg.BGP.PeerASN), AuthKey: "someone-elses-key"}
	existing := env.api.Seed(fakeapi.SeedAttachment{Name: cfg.Name, VPCIDs: cfg.VPCs, Region: "NYC", BGP: &other})
	env.api.InjectFaults(createFault(fakeapi.Fault{Drop: true}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config:      env.config(cfg.hcl("test")),
			ExpectError: wrapped("Attachment " + existing + " has that name but differs from the configuration in: bgp.auth_key."),
		}},
		CheckDestroy: func(*terraform.State) error {
			if all := env.api.Attachments(); len(all) != 1 || all[0].ID != existing {
				return fmt.Errorf("want only the pre-existing attachment, have %v", all)
			}
			return nil
		},
	})
}

// Waiting survives faults on the polls (and deleting, on the DELETE):
// idempotent requests are retried.
func TestAccPartnerAttachment_faultsWhileWaitingAreRetried(t *testing.T) {
	get := fakeapi.MatchRequest(http.MethodGet, attachmentsPath+"/")
	applyThroughFaults(t, "tfacc-flaky-polls", 1,
		fakeapi.Fault{Status: http.StatusInternalServerError, Match: get},
		fakeapi.Fault{Status: http.StatusTooManyRequests, Match: get},
		fakeapi.Fault{Drop: true, Match: get},
		fakeapi.Fault{AfterAct: true, Status: http.StatusServiceUnavailable, Match: fakeapi.MatchRequest(http.MethodDelete, attachmentsPath)},
	)
}

// An update whose answer is lost after the API acted is not sent again (the
// API would refuse it: the attachment is UPDATING): the provider sees the
// change under way and waits for it.
func TestAccPartnerAttachment_updateAnswerLostIsNotRepeated(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "injects faults")
	before := baseAttachment("tfacc-lost-update")
	after := before
	after.Name = "tfacc-lost-update.renamed"
	after.BGP = &bgpConfig{LocalIP: "169.254.1.1/29", PeerIP: "169.254.1.6/29", PeerASN: 64533, AuthKey: "rotated-after-loss"}
	patch := fakeapi.MatchRequest(http.MethodPatch, attachmentsPath)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			{Config: env.config(before.hcl("test"))},
			{
				PreConfig: func() { env.api.InjectFaults(fakeapi.Fault{AfterAct: true, Drop: true, Match: patch}) },
				Config:    env.config(after.hcl("test")),
				Check: func(*terraform.State) error {
					a := env.only(t)
					if n := env.api.Count(http.MethodPatch, attachmentsPath); n != 1 {
						return fmt.Errorf("PATCH sent %d times, want once", n)
					}
					if a.Name != after.Name || a.BGP.AuthKey != after.BGP.AuthKey {
						return fmt.Errorf("the change did not arrive: %+v", a)
					}
					return nil
				},
			},
		},
	})
}
