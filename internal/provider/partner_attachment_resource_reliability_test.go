package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
	"github.com/pnc-tf/terraform-provider-do/internal/tfcli"
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
				Config: config,
				ExpectError: regexp.MustCompile(`(?s)Creating partner attachment "tfacc-no-retry": API request failed.*` +
					wrapped(`No attachment named "tfacc-no-retry" exists, so nothing was created; applying again is safe.`).String()),
			},
			{Config: config, Check: env.checkOneInState(t, 2)},
		},
	})
}

// A create whose answer is lost, followed by a failed look-up of its name,
// cannot tell whether it created anything: the error says so, shows both
// answers and says what to do, and nothing is taken into state. Applying
// again then finds and adopts nothing (nothing was created) and creates it.
func TestAccPartnerAttachment_createOutcomeUnknown(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "injects faults")
	// The look-up by name after the lost create fails too. The 500 is armed
	// when the POST arrives, so that the plan's name check lists unharmed.
	var posted atomic.Bool
	env.watch(http.MethodPost, attachmentsPath, 0, func() { posted.Store(true) })
	env.api.InjectFaults(createFault(fakeapi.Fault{Drop: true}),
		fakeapi.Fault{Status: http.StatusInternalServerError, Match: func(r *http.Request) bool {
			return posted.Load() && r.Method == http.MethodGet && r.URL.Path == attachmentsPath
		}})
	cfg := `provider "do" {
  token          = %q
  api_endpoint   = %q
  http_retry_max = 0
}
`
	config := fmt.Sprintf(cfg, env.token, env.url) + baseAttachment("tfacc-outcome-unknown").hcl("test")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			{
				Config: config,
				ExpectError: regexp.MustCompile(`(?s)Creating partner attachment "tfacc-outcome-unknown": outcome unknown.*` +
					wrapped(`Looking for an attachment of that name failed too:`).String() + `.*HTTP\s+500.*` +
					wrapped(`If an attachment named "tfacc-outcome-unknown" exists, import it`).String()),
			},
			{Config: config, Check: env.checkOneInState(t, 2)},
		},
	})
}

// An attachment with the planned name but other settings (here: another
// BGP auth key) is never adopted, even when the create's answer was lost. It
// appears when the create is sent, after the plan's name check listed.
func TestAccPartnerAttachment_lostCreateNeverAdoptsADifferentAttachment(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "injects faults")
	cfg := baseAttachment("tfacc-taken")
	other := fakeapi.BGP{LocalRouterIP: cfg.BGP.LocalIP, PeerRouterIP: cfg.BGP.PeerIP, PeerASN: int(cfg.BGP.PeerASN), AuthKey: "someone-elses-key"}
	const existing = "7d0c2a3e-5b8f-4f6e-9a41-2c3d4e5f6a7b"
	env.watch(http.MethodPost, attachmentsPath, 0, func() {
		env.api.Seed(fakeapi.SeedAttachment{ID: existing, Name: cfg.Name, VPCIDs: cfg.VPCs, Region: "NYC", BGP: &other})
	})
	env.api.InjectFaults(createFault(fakeapi.Fault{Drop: true}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(cfg.hcl("test")),
			ExpectError: regexp.MustCompile(`(?s)Creating partner attachment "tfacc-taken": name taken by a different attachment.*` +
				wrapped("Attachment "+existing+" has that name but differs from the configuration in: bgp.auth_key.").String()),
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

// startApply runs terraform apply in the background.
func startApply(ctx context.Context, ws *tfcli.Workspace) <-chan error {
	done := make(chan error, 1)
	go func() { done <- ws.Apply(ctx) }()
	return done
}

// polls counts the GETs of one attachment: how far a wait has got.
func (e *accEnv) polls(id string) int {
	return e.api.Count(http.MethodGet, attachmentsPath+"/"+id)
}

// newInterruptWorkspace is a workspace, initialised, holding one attachment
// that the emulator takes an hour to provision.
func newInterruptWorkspace(t *testing.T, faults ...fakeapi.Fault) (*accEnv, *tfcli.Workspace, *syncBuffer) {
	t.Helper()
	env := newAccEnv(t, fakeapi.Options{ProvisioningDelay: time.Hour})
	env.requireEmulator(t, "controls provisioning")
	env.api.InjectFaults(faults...)
	out := &syncBuffer{}
	ws := env.workspace(t, out)
	if err := ws.WriteConfig(env.config(baseAttachment("tfacc-interrupted").hcl("test"))); err != nil {
		t.Fatal(err)
	}
	if err := ws.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	return env, ws, out
}

// interruptApply starts an apply, interrupts it (terraform-exec sends
// SIGINT, as Ctrl-C does) once interruptible holds, and checks the result:
// the apply failed, the one attachment is still CREATING (so the apply did
// not wait for it), and state holds it, untainted. It returns the attachment.
func (e *accEnv) interruptApply(t *testing.T, ws *tfcli.Workspace, out *syncBuffer, interruptible func() bool) fakeapi.Attachment {
	t.Helper()
	ctx, interrupt := context.WithCancel(context.Background())
	done := startApply(ctx, ws)
	eventually(t, "the apply is where it should be interrupted", interruptible)
	interrupt()
	if err := <-done; err == nil {
		t.Fatal("an interrupted apply should not report success")
	}
	a := e.only(t)
	if a.State != fakeapi.StateCreating {
		t.Fatalf("attachment is %s: the apply did not end at the interruption", a.State)
	}
	st, err := ws.State(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res := stateResource(t, st, addr); res.AttributeValues["id"] != a.ID || res.Tainted {
		t.Fatalf("state holds id %v (tainted: %v), want %s untainted\n%s", res.AttributeValues["id"], res.Tainted, a.ID, out)
	}
	if n := e.api.Count(http.MethodPost, attachmentsPath); n != 1 {
		t.Fatalf("create sent %d times", n)
	}
	return a
}

// Ctrl-C while the create request itself is in flight, after the API acted:
// the answer never comes, but the provider looks the attachment up (with a
// grace period of its own) and keeps it in state rather than orphaning it.
func TestAccPartnerAttachment_interruptedCreateRequestIsKept(t *testing.T) {
	env, ws, out := newInterruptWorkspace(t, createFault(fakeapi.Fault{AfterAct: true, Latency: time.Hour}))
	env.interruptApply(t, ws, out, func() bool { return len(env.api.Attachments()) == 1 })
	if !regexp.MustCompile(`Warning: Creating partner attachment \S+: adopted after a lost answer`).MatchString(out.String()) {
		t.Fatalf("want the adoption reported:\n%s", out)
	}
}
