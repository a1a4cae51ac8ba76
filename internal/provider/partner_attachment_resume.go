package provider

import (
	"context"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

// Resuming an interrupted create (or update).
//
// Provisioning an attachment takes minutes, and an apply may be stopped
// while Terraform waits (Ctrl-C, a cancelled CI job). The next apply then
// picks that wait up: it neither creates a second attachment nor replaces
// the first. Four steps, in three framework calls:
//
//  1. Create saves the attachment in state as soon as the API accepts it,
//     before waiting (partner_attachment_resource.go). If the wait then
//     ends because the operation's context was cancelled, createWaitEnded
//     reports a warning, not an error, so Terraform does not taint the
//     attachment. A wait that timed out or saw an error state is an error
//     as usual: the attachment is tainted and the next apply replaces it.
//  2. The next plan refreshes the attachment (Read), so `state` holds what
//     the API says now. If provisioning finished meanwhile it is ACTIVE,
//     and there is nothing to resume.
//  3. If it is still pending (resumableState: CREATING, UPDATING, or any
//     state on its way to ready; apiclient.IsPending), the `state`
//     attribute's plan modifier resumeWhilePending plans it unknown. It
//     must follow UseStateForUnknown in the schema, whose value it
//     overrides. A known value becoming unknown is a change, so Terraform
//     plans an in-place update although the configuration did not change:
//     ~ state = "CREATING" -> (known after apply).
//  4. Update calls resumeWait before anything else. It waits, within
//     timeouts.update, for the attachment to become ready, and a 404
//     within the not-found grace of created_at counts as "not visible
//     yet" (an eventually consistent API may not show a new attachment at
//     once). With nothing else to change, Update saves what the wait saw.
//     Otherwise it sends the change only now: the API refuses changes to
//     an attachment mid-operation. If this wait fails too, Update reports
//     an error and leaves state as it was, so the next apply waits again.
//
// The same steps resume an update that an apply was stopped in (Update's
// error keeps the prior state, and the refresh then reads UPDATING), and a
// pending state an attachment got out of band. An attachment in an error
// state is not pending, so nothing is planned for it here.
// TestAccPartnerAttachment_interruptedCreateResumes runs steps 1 to 4.

// resumableState reports whether an attachment in this state is on its way
// to ready: pending, and not being deleted.
func resumableState(state string) bool {
	return apiclient.IsPending(state)
}

// resumeWhilePending is the `state` attribute's plan modifier (step 3).
func resumeWhilePending() planmodifier.String { return resumePlanModifier{} }

// resumePlanModifier plans `state` unknown while the prior state is
// resumable, which makes Terraform plan an update.
type resumePlanModifier struct{}

func (resumePlanModifier) Description(context.Context) string {
	return "Plans an update that waits for an attachment an interrupted apply left pending."
}

func (m resumePlanModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (resumePlanModifier) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.StateValue.IsNull() || req.StateValue.IsUnknown() {
		return
	}
	if resumableState(req.StateValue.ValueString()) {
		resp.PlanValue = types.StringUnknown()
	}
}

// resumeWait waits for an attachment that state records as pending and
// returns it once ready (step 4); it returns nil, nil when there is nothing
// to wait for.
func resumeWait(ctx context.Context, d *providerData, state attachmentModel, timeout time.Duration) (*godo.PartnerAttachment, error) {
	if !resumableState(state.State.ValueString()) {
		return nil, nil
	}
	created, _ := state.CreatedAt.ValueRFC3339Time() // zero if unknown
	return waitAttachmentReady(ctx, d, state.ID.ValueString(), timeout, created)
}
