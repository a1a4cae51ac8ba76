package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

var (
	_ resource.ResourceWithConfigure   = &partnerAttachmentResource{}
	_ resource.ResourceWithImportState = &partnerAttachmentResource{}
)

const defaultTimeout = 30 * time.Minute

// privateFetchAuthKey marks a state that came from import: the next Read
// fetches the BGP auth key, which the attachment endpoints never return.
const privateFetchAuthKey = "fetch_bgp_auth_key"

type partnerAttachmentResource struct {
	data *providerData
}

// NewPartnerAttachmentResource is the do_partner_attachment resource.
func NewPartnerAttachmentResource() resource.Resource { return &partnerAttachmentResource{} }

func (r *partnerAttachmentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_partner_attachment"
}

func (r *partnerAttachmentResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = partnerAttachmentResourceSchema(ctx)
}

func (r *partnerAttachmentResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (r *partnerAttachmentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan attachmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	writeOnlyKey := configWriteOnlyKey(ctx, req.Config, &resp.Diagnostics)
	ctx = r.data.withSecrets(ctx, append(authKeys(ctx, plan), writeOnlyKey)...)
	timeout, diags := plan.Timeouts.Create(ctx, defaultTimeout)
	resp.Diagnostics.Append(diags...)
	createReq, diags := expandCreateRequest(ctx, plan, writeOnlyKey)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	created, diags := createAttachment(ctx, r.data, createReq)
	resp.Diagnostics.Append(diags...)
	if created == nil {
		return
	}
	// Save the attachment before waiting: if the wait fails or is
	// interrupted, Terraform keeps it instead of orphaning it.
	if !r.saveState(ctx, created, plan, &resp.State, resp.Identity, &resp.Diagnostics) {
		return
	}
	ready, err := waitAttachmentReady(ctx, r.data, created.ID, timeout, time.Now()) // just accepted
	if err != nil {
		createWaitEnded(ctx, created.ID, err, &resp.Diagnostics)
		return
	}
	r.saveState(ctx, ready, plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *partnerAttachmentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state attachmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.withSecrets(ctx, authKeys(ctx, state)...)
	a, err := r.data.readAttachment(ctx, state.ID.ValueString())
	if apiclient.IsNotFound(err) && importing(ctx, req.Private) {
		// Say what the API said, rather than leave Terraform to report a
		// "non-existent remote object" with no details.
		resp.Diagnostics.AddError("Cannot import partner attachment",
			fmt.Sprintf("No attachment has ID %q.\n%s", state.ID.ValueString(), apiclient.Describe(ctx, err)))
		return
	}
	if apiclient.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Partner attachment no longer exists",
			fmt.Sprintf("Attachment %s was not found; removing it from state so Terraform can recreate it.", state.ID.ValueString()))
		// The framework fails a read that returns no identity, also one
		// that removes the resource. Terraform before 1.12 (and state
		// written before the provider had identity) sends none, so give
		// the one the state's ID makes.
		setIdentity(ctx, resp.Identity, state.ID.ValueString(), &resp.Diagnostics)
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error reading partner attachment", apiclient.Describe(ctx, err))
		return
	}
	m, diags := flattenAttachment(ctx, a, state)
	resp.Diagnostics.Append(diags...)

	fetchKey, diags := req.Private.GetKey(ctx, privateFetchAuthKey)
	resp.Diagnostics.Append(diags...)
	if fetchKey != nil && !m.BGP.IsNull() {
		key, err := r.data.api.BGPAuthKey(ctx, a.ID)
		if err != nil {
			resp.Diagnostics.AddError("Error reading the partner attachment's BGP auth key", apiclient.Describe(ctx, err))
			return
		}
		ctx = r.data.withSecrets(ctx, key)
		m.BGP = withAuthKey(ctx, m.BGP, key, &resp.Diagnostics)
	}
	if fetchKey != nil {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateFetchAuthKey, nil)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	setIdentity(ctx, resp.Identity, a.ID, &resp.Diagnostics)
	r.data.zones.record(m.ID, m.RedundancyZone)
}

func (r *partnerAttachmentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state attachmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	writeOnlyKey := configWriteOnlyKey(ctx, req.Config, &resp.Diagnostics)
	ctx = r.data.withSecrets(ctx, append(authKeys(ctx, plan, state), writeOnlyKey)...)
	timeout, diags := plan.Timeouts.Update(ctx, defaultTimeout)
	resp.Diagnostics.Append(diags...)
	body, needKey, diags := expandUpdateRequest(ctx, plan, state, writeOnlyKey)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	// An interrupted apply may have left the attachment pending: finish
	// that wait first (the API refuses changes meanwhile).
	settled, err := settlePending(ctx, r.data, state, timeout)
	if err != nil {
		resp.Diagnostics.AddError("Error waiting for partner attachment to become ready",
			fmt.Sprintf("Attachment %s was left %s by an earlier apply and did not become ready: %s",
				id, state.State.ValueString(), apiclient.Describe(ctx, err)))
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...) // unchanged: the next apply waits again
		return
	}
	if needKey {
		// BGP settings change but the user manages no key: keep the current one.
		key, err := r.data.api.BGPAuthKey(ctx, id)
		if err != nil {
			resp.Diagnostics.AddError("Error reading the current BGP auth key", apiclient.Describe(ctx, err))
			return
		}
		ctx = r.data.withSecrets(ctx, key)
		body.BGP.AuthKey = key
	}
	if body.Empty() {
		// Only letter case or timeouts changed: nothing for the API to do.
		plan.ID = state.ID
		if settled != nil {
			r.saveState(ctx, settled, plan, &resp.State, resp.Identity, &resp.Diagnostics)
			return
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, carryComputed(plan, state))...)
		setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
		return
	}
	if err := updateAttachment(ctx, r.data.api, id, body); err != nil {
		resp.Diagnostics.AddError("Error updating partner attachment", apiclient.Describe(ctx, err))
		return
	}
	ready, err := waitAttachmentReady(ctx, r.data, id, timeout, time.Time{})
	if err != nil {
		resp.Diagnostics.AddError("Error waiting for partner attachment update",
			fmt.Sprintf("Attachment %s was updated but did not settle: %s", id, apiclient.Describe(ctx, err)))
		return
	}
	r.saveState(ctx, ready, plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *partnerAttachmentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state attachmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.withSecrets(ctx, authKeys(ctx, state)...)
	timeout, diags := state.Timeouts.Delete(ctx, defaultTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	if err := deleteAttachment(ctx, r.data, id, createdTime(state.CreatedAt.ValueString()), timeout); err != nil {
		// The error leaves the attachment in state: a later destroy tries again.
		resp.Diagnostics.AddError("Error deleting partner attachment",
			fmt.Sprintf("Attachment %s was not deleted, or is not gone yet: %s", id, apiclient.Describe(ctx, err)))
	}
}

func (r *partnerAttachmentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	// By ID (`terraform import`, `import { id = ... }`) or by identity.
	// An ID that cannot be one is refused before any request.
	id := req.ID
	if id == "" && req.Identity != nil {
		resp.Diagnostics.Append(req.Identity.GetAttribute(ctx, path.Root("id"), &id)...)
	}
	if err := apiclient.CheckID(id); err != nil {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Cannot import do_partner_attachment: %s. Give the ID of an existing attachment, as listed by the do_partner_attachments data source or `terraform query`.", err))
		return
	}
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateFetchAuthKey, []byte(`true`))...)
}

// saveState writes the API's view of the attachment, with prior supplying
// what the API does not return. It reports whether that succeeded.
func (r *partnerAttachmentResource) saveState(ctx context.Context, a *godo.PartnerAttachment, prior attachmentModel, st *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) bool {
	m, d := flattenAttachment(ctx, a, prior)
	diags.Append(d...)
	if diags.HasError() {
		return false
	}
	diags.Append(st.Set(ctx, &m)...)
	setIdentity(ctx, identity, a.ID, diags)
	r.data.zones.record(m.ID, m.RedundancyZone)
	return !diags.HasError()
}

// carryComputed fills the plan's unknown computed values from state, for
// updates that need no API call.
func carryComputed(plan, state attachmentModel) *attachmentModel {
	plan.State, plan.CreatedAt, plan.Children = state.State, state.CreatedAt, state.Children
	if plan.RedundancyZone.IsUnknown() {
		plan.RedundancyZone = state.RedundancyZone
	}
	return &plan
}
