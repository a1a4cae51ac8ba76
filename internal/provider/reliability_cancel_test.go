package provider

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
	"github.com/pnc-tf/terraform-provider-do/internal/tfcli"
)

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

// Ctrl-C while Terraform waits for a new attachment: the apply ends at once,
// the attachment is in state and not tainted, and the next apply waits for
// it instead of creating or replacing anything.
func TestAccPartnerAttachment_interruptedCreateResumes(t *testing.T) {
	env, ws, out := newInterruptWorkspace(t)
	bg := context.Background()
	a := env.interruptApply(t, ws, out, func() bool {
		all := env.api.Attachments()
		return len(all) == 1 && env.polls(all[0].ID) >= 2
	})

	plan, err := ws.PlanJSON(bg)
	if err != nil {
		t.Fatal(err)
	}
	if got := actionsOf(plan, addr); !slices.Equal(got, tfjson.Actions{tfjson.ActionUpdate}) {
		t.Fatalf("next plan %v, want an in-place update that resumes the wait", got)
	}

	before := env.polls(a.ID)
	done := startApply(bg, ws)
	eventually(t, "the second apply waits again", func() bool { return env.polls(a.ID) >= before+2 })
	env.api.SetState(a.ID, fakeapi.StateCreated) // provisioning finishes while it waits
	if err := <-done; err != nil {
		t.Fatalf("resumed apply: %v\n%s", err, out)
	}
	if n := env.api.Count(http.MethodPost, attachmentsPath); n != 1 || env.only(t).ID != a.ID {
		t.Fatalf("create sent %d times; attachments %v", n, env.api.Attachments())
	}
	st, err := ws.State(bg)
	if err != nil {
		t.Fatal(err)
	}
	if got := stateResource(t, st, addr).AttributeValues["state"]; got != apiclient.StateActive {
		t.Fatalf("state after the resumed apply: %v", got)
	}
	env.api.SetProvisioningDelay(0)
	if err := ws.Destroy(bg); err != nil {
		t.Fatal(err)
	}
}

func actionsOf(plan *tfjson.Plan, address string) tfjson.Actions {
	for _, rc := range plan.ResourceChanges {
		if rc.Address == address {
			return rc.Change.Actions
		}
	}
	return nil
}

// Ctrl-C while the create request itself is in flight, after the API acted:
// the answer never comes, but the provider looks the attachment up (with a
// grace period of its own) and keeps it in state rather than orphaning it.
func TestAccPartnerAttachment_interruptedCreateRequestIsKept(t *testing.T) {
	env, ws, out := newInterruptWorkspace(t, createFault(fakeapi.Fault{AfterAct: true, Latency: time.Hour}))
	env.interruptApply(t, ws, out, func() bool { return len(env.api.Attachments()) == 1 })
	if !strings.Contains(out.String(), "Partner attachment adopted after a lost answer") {
		t.Fatalf("want the adoption reported:\n%s", out)
	}
}
