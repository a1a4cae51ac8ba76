package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/waiter"
)

var (
	_ resource.ResourceWithConfigure   = &partnerAttachmentResource{}
	_ resource.ResourceWithImportState = &partnerAttachmentResource{}
	_ resource.ResourceWithIdentity    = &partnerAttachmentResource{}
)

const defaultTimeout = 30 * time.Minute

// privateFetchAuthKey marks a state that came from import: the next Read
// fetches the BGP auth key, which the attachment endpoints never return.
const privateFetchAuthKey = "fetch_bgp_auth_key"

// lookupGrace bounds the search for an attachment whose create was
// interrupted: the operation's own context is cancelled by then, and leaving
// without looking could orphan an attachment the API did create.
const lookupGrace = 30 * time.Second

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

// IdentitySchema lets Terraform 1.12+ address an attachment by identity:
// `import { to = ..., identity = { id = "..." } }` and `terraform query`.
func (r *partnerAttachmentResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The attachment's ID.",
			},
		},
	}
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
	// interrupted, Terraform keeps it instead of orphaning it (see
	// partner_attachment_resume.go).
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

// createWaitEnded reports a wait for a new attachment that did not end
// ready. A timeout or an error state is an error, which makes Terraform
// taint the attachment (the next apply replaces it). An interruption is a
// warning: the attachment is fine, merely unfinished, and the next apply
// resumes waiting for it rather than replacing it
// (partner_attachment_resume.go).
func createWaitEnded(ctx context.Context, id string, err error, diags *diag.Diagnostics) {
	var timedOut *waiter.TimeoutError
	if ctx.Err() != nil && !errors.As(err, &timedOut) {
		report(ctx, diags, diagnostic{Op: opWaitingFor, Subject: attachmentRef(id, ""), Problem: problemInterrupted, Warning: true,
			Detail: fmt.Sprintf("The wait for attachment %s was interrupted (%s) while it was being provisioned. "+
				"It is saved in state: the next apply waits for it to become ready instead of creating another.", id, err)})
		return
	}
	failure := apiFailure(ctx, opWaitingFor, attachmentRef(id, ""), err)
	failure.Detail = fmt.Sprintf("Attachment %s was created but did not become ready: %s\n\n"+
		"Terraform keeps it in state, marked tainted: the next apply replaces it. If provisioning is just slow, raise timeouts.create.",
		id, failure.Detail)
	report(ctx, diags, failure)
}

// createAttachment sends req so that one configuration never yields two
// attachments. The API client retries the create only after the lookup has
// confirmed that the lost attempt created nothing. When the outcome stays
// unknown, the lookup decides: an attachment with the planned settings is
// adopted (returned, with a warning), one with other settings is reported and
// left alone, and no attachment means nothing was created.
func createAttachment(ctx context.Context, d *providerData, req *godo.PartnerAttachmentCreateRequest) (*godo.PartnerAttachment, diag.Diagnostics) {
	var diags diag.Diagnostics
	api := d.api
	lookup := api.NewNameLookup(req.Name)
	created, err := api.Create(apiclient.WithOutcomeCheck(ctx, lookup.Check), req)
	if err == nil {
		tflog.Info(ctx, "created partner attachment", map[string]any{"id": created.ID, "state": created.State})
		return created, diags
	}
	if !apiclient.OutcomeUnknown(err) && !lookup.Consulted() {
		createRefused(ctx, lookup, err, &diags)
		return nil, diags
	}
	lost := apiclient.Describe(ctx, err)
	findCtx := ctx
	if ctx.Err() != nil {
		var cancel context.CancelFunc
		findCtx, cancel = context.WithTimeout(context.WithoutCancel(ctx), lookupGrace)
		defer cancel()
	}
	found, findErr := lookup.Find(findCtx)
	// A retry refused (a 4xx) after an attempt whose outcome was unknown
	// says the name is taken, most likely by that attempt; an eventually
	// consistent list may not show it yet, so keep looking for a while.
	retryRefused := apiclient.IsRefusal(err)
	if found == nil && findErr == nil && retryRefused {
		found, findErr = waitAttachmentListed(findCtx, lookup, d.wait)
	}
	switch {
	case findErr != nil:
		report(ctx, &diags, diagnostic{Op: opCreating, Subject: attachmentRef("", req.Name), Problem: problemOutcomeUnknown,
			Detail: fmt.Sprintf("The create request for %q got no definite answer:\n%s\n\nLooking for an attachment of that name failed too:\n%s\n\n"+
				"If an attachment named %q exists, import it (terraform import) before applying again; otherwise applying again is safe.",
				req.Name, lost, apiclient.Describe(ctx, findErr), req.Name)})
		return nil, diags
	case found == nil && retryRefused:
		report(ctx, &diags, diagnostic{Op: opCreating, Subject: attachmentRef("", req.Name), Problem: problemOutcomeUnknown,
			Detail: fmt.Sprintf("The create request for %q got no definite answer, and sending it again was refused:\n%s\n\n"+
				"No attachment of that name has shown in the list within %s. If one appears (do_partner_attachments), import it before applying again.",
				req.Name, lost, d.wait.NotFoundGrace)})
		return nil, diags
	case found == nil:
		failure := apiFailure(ctx, opCreating, attachmentRef("", req.Name), err)
		failure.Detail = fmt.Sprintf("%s\n\nNo attachment named %q exists, so nothing was created; applying again is safe.", failure.Detail, req.Name)
		report(ctx, &diags, failure)
		return nil, diags
	}
	differs, cmpErr := api.Differs(findCtx, found, req)
	switch {
	case cmpErr != nil:
		report(ctx, &diags, diagnostic{Op: opCreating, Subject: attachmentRef(found.ID, req.Name), Problem: problemOutcomeUnknown,
			Detail: fmt.Sprintf("The create request for %q got no definite answer:\n%s\n\nAttachment %s has that name, but comparing it with the configuration failed:\n%s",
				req.Name, lost, found.ID, apiclient.Describe(ctx, cmpErr))})
		return nil, diags
	case len(differs) > 0:
		report(ctx, &diags, diagnostic{Op: opCreating, Subject: attachmentRef("", req.Name), Problem: problemNameTaken,
			Detail: fmt.Sprintf("The create request for %q got no definite answer:\n%s\n\nAttachment %s has that name but differs from the configuration in: %s. "+
				"It was not taken into state. Choose another name, or import that attachment if it is the one you mean.",
				req.Name, lost, found.ID, strings.Join(differs, ", "))})
		return nil, diags
	}
	tflog.Info(ctx, "adopted partner attachment after a create with no definite answer", map[string]any{"id": found.ID, "state": found.State})
	report(ctx, &diags, diagnostic{Op: opCreating, Subject: attachmentRef(found.ID, req.Name), Problem: problemAdopted, Warning: true,
		Detail: fmt.Sprintf("The create request for %q got no definite answer:\n%s\n\nAttachment %s has that name and the configured settings, so it was taken into state instead of creating another.",
			req.Name, lost, found.ID)})
	return found, diags
}

// createRefused reports a create the API refused. When an attachment with
// the name exists (the usual reason: an apply killed before it could save
// state left it behind), the error names it and shows the import block that
// takes it over. It is never adopted: the API said no, and that attachment
// may be someone else's.
func createRefused(ctx context.Context, lookup *apiclient.NameLookup, refusal error, diags *diag.Diagnostics) {
	failure := apiFailure(ctx, opCreating, attachmentRef("", lookup.Name()), refusal)
	e, _ := apiclient.AsAPIError(refusal)
	if !apiclient.IsRefusal(refusal) || e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden {
		report(ctx, diags, failure)
		return
	}
	existing, err := lookup.Find(ctx)
	if err != nil || existing == nil {
		report(ctx, diags, failure)
		return
	}
	report(ctx, diags, diagnostic{Op: opCreating, Subject: attachmentRef("", lookup.Name()), Problem: problemNameInUse,
		Detail: apiclient.Describe(ctx, refusal) + "\n\n" + nameInUseDetail(existing, lookup.Name(), true)})
}

// nameInUseDetail describes the attachment that holds name, for the apply's
// refused create and the plan's check alike: its ID, state, region and
// creation time and, for a create (creating), the import block that takes it
// over.
func nameInUseDetail(existing *godo.PartnerAttachment, name string, creating bool) string {
	held := fmt.Sprintf("Attachment %s (state %s, region %s, created %s) already has the name %q. ",
		existing.ID, existing.State, existing.Region, existing.CreatedAt.UTC().Format(time.RFC3339), name)
	if !creating {
		return held + "Choose another name, or rename or delete that attachment."
	}
	return held + fmt.Sprintf("If it is the attachment this configuration describes (for example one that an apply killed before it could save state left behind), "+
		"take it over with an import block and apply again:\n\nimport {\n  to = do_partner_attachment.<this resource's name>\n  id = %q\n}\n\n"+
		"Otherwise choose another name, or delete that attachment.", existing.ID)
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
		failure := apiFailure(ctx, opImporting, attachmentRef(state.ID.ValueString(), ""), err)
		failure.Detail = fmt.Sprintf("No attachment has ID %q.\n%s", state.ID.ValueString(), failure.Detail)
		report(ctx, &resp.Diagnostics, failure)
		return
	}
	if apiclient.IsNotFound(err) {
		report(ctx, &resp.Diagnostics, diagnostic{Op: opReading, Subject: attachmentRef(state.ID.ValueString(), state.Name.ValueString()), Problem: problemGone, Warning: true,
			Detail: fmt.Sprintf("Attachment %s was not found; removing it from state so Terraform can recreate it. "+
				"If it was deleted on purpose, remove it from the configuration too; otherwise the next apply creates it again.", state.ID.ValueString())})
		// The framework fails a read that returns no identity, also one
		// that removes the resource. Terraform before 1.12 (and state
		// written before the provider had identity) sends none, so give
		// the one the state's ID makes.
		setIdentity(ctx, resp.Identity, state.ID.ValueString(), &resp.Diagnostics)
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		report(ctx, &resp.Diagnostics, apiFailure(ctx, opReading, attachmentRef(state.ID.ValueString(), state.Name.ValueString()), err))
		return
	}
	m, diags := flattenAttachment(ctx, a, state)
	resp.Diagnostics.Append(diags...)

	fetchKey, diags := req.Private.GetKey(ctx, privateFetchAuthKey)
	resp.Diagnostics.Append(diags...)
	if fetchKey != nil && !m.BGP.IsNull() {
		key, err := r.data.api.BGPAuthKey(ctx, a.ID)
		if err != nil {
			report(ctx, &resp.Diagnostics, apiFailure(ctx, opReadingBGPKey, attachmentRef(a.ID, ""), err))
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
	r.data.checks.record(a)
}

// importing reports whether this Read is the first after an import:
// ImportState marks the state (privateFetchAuthKey) and that Read clears it.
// An import of an ID that does not exist must fail with the API's answer,
// where a later Read of a vanished attachment only drops it from state.
func importing(ctx context.Context, private privateGetter) bool {
	v, _ := private.GetKey(ctx, privateFetchAuthKey)
	return v != nil
}

// privateGetter is the part of a resource's private state a Read sees.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

func (r *partnerAttachmentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state attachmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The plan's mark (partner_attachment_plan_checks.go) is not kept in state.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePlannedFrom, nil)...)
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
	// that wait first (the API refuses changes meanwhile; see
	// partner_attachment_resume.go).
	settled, err := resumeWait(ctx, r.data, state, timeout)
	if err != nil {
		failure := apiFailure(ctx, opWaitingFor, attachmentRef(id, ""), err)
		failure.Detail = fmt.Sprintf("Attachment %s was left %s by an earlier apply and did not become ready: %s",
			id, state.State.ValueString(), failure.Detail)
		report(ctx, &resp.Diagnostics, failure)
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...) // unchanged: the next apply waits again
		return
	}
	if needKey {
		// BGP settings change but the user manages no key: keep the current one.
		key, err := r.data.api.BGPAuthKey(ctx, id)
		if err != nil {
			report(ctx, &resp.Diagnostics, apiFailure(ctx, opReadingBGPKey, attachmentRef(id, ""), err))
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
	if err := r.data.api.UpdateOnce(ctx, id, body); err != nil {
		report(ctx, &resp.Diagnostics, apiFailure(ctx, opUpdating, attachmentRef(id, ""), err))
		return
	}
	ready, err := waitAttachmentReady(ctx, r.data, id, timeout, time.Time{})
	if err != nil {
		failure := apiFailure(ctx, opWaitingFor, attachmentRef(id, ""), err)
		failure.Detail = fmt.Sprintf("Attachment %s was updated but did not settle: %s", id, failure.Detail)
		report(ctx, &resp.Diagnostics, failure)
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
	created, _ := state.CreatedAt.ValueRFC3339Time() // zero if unknown
	if err := deleteAttachment(ctx, r.data, id, created, timeout); err != nil {
		// The error leaves the attachment in state: a later destroy tries again.
		failure := apiFailure(ctx, opDeleting, attachmentRef(id, ""), err)
		failure.Detail = fmt.Sprintf("Attachment %s was not deleted, or is not gone yet (it stays in state: the next destroy tries again): %s", id, failure.Detail)
		report(ctx, &resp.Diagnostics, failure)
		return
	}
	r.data.checks.forget(id)
}

// deleteAttachment deletes an attachment and waits until it is gone, all
// within timeout. An API may refuse a delete for a while: the attachment is
// still CREATING or UPDATING, or it is a parent whose children are not gone
// yet. Such a refusal is sent again on the waiter's schedule until the
// timeout; a refusal with no passing reason (a token that may not delete,
// say) fails at once.
//
// A 404 for an attachment created less than NotFoundGrace ago (createdAt,
// from state) may only mean that the API does not show it yet: the DELETE
// is sent again until it is accepted or the grace has passed.
func deleteAttachment(ctx context.Context, d *providerData, id string, created time.Time, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	gone := false
	_, err := waiter.Wait(ctx, d.wait.config(ctx, timeout, id, "delete accepted"), func(ctx context.Context) (waiter.Observation[struct{}], error) {
		err := d.api.Delete(ctx, id)
		switch {
		case err == nil:
			return waiter.Observation[struct{}]{State: "(delete accepted)", Phase: waiter.Done}, nil
		case apiclient.IsNotFound(err) && d.wait.mayNotBeVisibleYet(created):
			return waiter.Observation[struct{}]{State: stateNotVisible, Phase: waiter.Pending}, nil
		case busy(err):
			return waiter.Observation[struct{}]{State: busyState(err), Phase: waiter.Pending}, nil
		case apiclient.IsNotFound(err):
			gone = true
			return waiter.Observation[struct{}]{State: stateGone, Phase: waiter.Done}, nil
		}
		why, retry, checkErr := deleteRefusalPasses(ctx, d, id, err)
		switch {
		case checkErr != nil:
			return waiter.Observation[struct{}]{}, checkErr
		case why == stateGone:
			gone = true // refused, but a GET says it is gone already
			return waiter.Observation[struct{}]{State: why, Phase: waiter.Done}, nil
		case !retry:
			return waiter.Observation[struct{}]{}, err
		}
		tflog.Info(ctx, "the API refused to delete the partner attachment for now; trying again", map[string]any{
			"id": id, "reason": why, "answer": apiclient.Describe(ctx, err),
		})
		return waiter.Observation[struct{}]{State: why, Phase: waiter.Pending}, nil
	})
	if err != nil || gone {
		return err
	}
	// Both waits share the one deadline; each reports it as a timeout of
	// timeouts.delete naming the last state it saw.
	return waitAttachmentDeleted(ctx, d, id, timeout)
}

// refusedDeleteStatuses are the answers an API gives a delete it will not
// do now: 409 and 423 say so by definition, 412, 422 and 403 (which the
// official provider retries too) are given for a state that may pass.
var refusedDeleteStatuses = map[int]bool{
	http.StatusForbidden: true, http.StatusConflict: true, http.StatusPreconditionFailed: true,
	http.StatusUnprocessableEntity: true, http.StatusLocked: true,
}

// deleteRefusalPasses decides whether a refused delete is worth sending
// again: the attachment is mid-operation, or still has children (by its
// children field, or by another attachment naming it as parent), or the
// API answered 409/423 (a conflict, which passes). It returns what to wait
// for. A 403 or 422 on a settled attachment without children is final.
func deleteRefusalPasses(ctx context.Context, d *providerData, id string, refusal error) (why string, retry bool, err error) {
	e, ok := apiclient.AsAPIError(refusal)
	if !ok || !refusedDeleteStatuses[e.Status] {
		return "", false, nil
	}
	a, err := d.api.Get(ctx, id)
	if apiclient.IsNotFound(err) {
		return stateGone, false, nil
	}
	if err != nil {
		return "", false, err
	}
	if apiclient.IsPending(a.State) || apiclient.IsDeleting(a.State) {
		return fmt.Sprintf("%s (delete refused with HTTP %d until it settles)", a.State, e.Status), true, nil
	}
	children, err := d.api.ChildrenOf(ctx, a)
	if err != nil {
		return "", false, err
	}
	if len(children) > 0 {
		return fmt.Sprintf("%s with child attachments %v (delete refused with HTTP %d until they are gone)", a.State, children, e.Status), true, nil
	}
	if e.Status == http.StatusConflict || e.Status == http.StatusLocked {
		return fmt.Sprintf("%s (delete refused with HTTP %d)", a.State, e.Status), true, nil
	}
	return "", false, nil
}

func (r *partnerAttachmentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	// By ID (`terraform import`, `import { id = ... }`) or by identity.
	// An ID that cannot be one is refused before any request.
	id := req.ID
	if id == "" && req.Identity != nil {
		resp.Diagnostics.Append(req.Identity.GetAttribute(ctx, path.Root("id"), &id)...)
	}
	if err := apiclient.CheckID(id); err != nil {
		report(ctx, &resp.Diagnostics, diagnostic{Op: opImporting, Subject: attachmentRef("", ""), Problem: problemInvalidImportID,
			Detail: fmt.Sprintf("Cannot import do_partner_attachment: %s. Give the ID of an existing attachment, as listed by the do_partner_attachments data source or `terraform query`.", err)})
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
	r.data.checks.record(a)
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

// setIdentity records the attachment's identity. Terraform before 1.12
// neither sends nor stores one, but the framework still expects one in every
// response (identity is nil only when the resource has no identity schema).
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id string, diags *diag.Diagnostics) {
	if identity == nil || id == "" {
		return
	}
	diags.Append(identity.SetAttribute(ctx, path.Root("id"), id)...)
}
