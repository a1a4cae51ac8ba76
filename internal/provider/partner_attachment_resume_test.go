package provider

import (
	"context"
	"net/http"
	"slices"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

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
