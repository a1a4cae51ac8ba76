package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/waiter"
)

// An interrupted apply (Ctrl-C, a cancelled pipeline) can leave an
// attachment in state while it is still CREATING or UPDATING. It is not
// tainted (see createWaitEnded), so the next plan must still do something
// about it: resumeWhilePending plans `state` as unknown, which makes it an
// in-place update, and Update then waits (settlePending) before anything
// else. Nothing is created twice and nothing is replaced.

// resumableState reports whether an attachment in this state is on its way
// to ready: pending, and not being deleted.
func resumableState(state string) bool {
	return apiclient.IsPending(state)
}

// resumeWhilePending is the `state` attribute's plan modifier.
func resumeWhilePending() planmodifier.String { return resumePlanModifier{} }

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

// settlePending waits for an attachment that state records as pending and
// returns it once ready; it returns nil, nil when there is nothing to wait for.
func settlePending(ctx context.Context, d *providerData, state attachmentModel, timeout time.Duration) (*godo.PartnerAttachment, error) {
	if !resumableState(state.State.ValueString()) {
		return nil, nil
	}
	return waitAttachmentReady(ctx, d, state.ID.ValueString(), timeout, createdTime(state.CreatedAt.ValueString()))
}

// createWaitEnded reports a wait for a new attachment that did not end
// ready. A timeout or an error state is an error, which makes Terraform
// taint the attachment (the next apply replaces it). An interruption is a
// warning: the attachment is fine, merely unfinished, and the next apply
// resumes waiting for it rather than replacing it.
func createWaitEnded(ctx context.Context, id string, err error, diags *diag.Diagnostics) {
	var timedOut *waiter.TimeoutError
	if ctx.Err() != nil && !errors.As(err, &timedOut) {
		diags.AddWarning("Stopped waiting for the new partner attachment",
			fmt.Sprintf("The wait for attachment %s was interrupted (%s) while it was being provisioned. "+
				"It is saved in state: the next apply waits for it to become ready instead of creating another.", id, err))
		return
	}
	diags.AddError("Error waiting for partner attachment to become ready",
		fmt.Sprintf("Attachment %s was created but did not become ready: %s\n\n"+
			"Terraform keeps it in state, marked tainted: the next apply replaces it. If provisioning is just slow, raise timeouts.create.",
			id, apiclient.Describe(ctx, err)))
}
