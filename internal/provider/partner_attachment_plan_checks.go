package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

// The plan-time checks that consult the API: the name a plan creates or
// renames to is free, and the parent a child is planned under exists and can
// take a child. They find at plan time what the API would otherwise refuse in
// the middle of an apply.
//
// One configured provider serves one Terraform walk (Terraform configures the
// provider again for each: validate, plan, apply), so planChecks, which
// providerData holds, is per walk. It lists the attachments at most once per
// walk, through the read cache, so a plan's refresh and its checks share one
// list; what this walk itself reads, creates, renames or deletes afterwards
// is laid over that list (seen, gone), so the apply walk (where Terraform
// plans each change again just before applying it, once unknown values are
// known) sees the parent it just created and not the attachment it just
// replaced. Plans that create nothing, rename nothing and change no parent
// send nothing; Terraform does not call ModifyPlan for `terraform validate`.
//
// Terraform calls ModifyPlan once per resource instance in a walk, which is
// how claims tells two resources taking one name from one resource planned
// twice. The walk does not say which resource is which, so a claim is known
// by the attachment ID in the instance's prior state, "" for a create.

// defaultPlanCheckTimeout bounds the one list the checks need: when the API
// does not answer by then, the plan goes on with a warning instead. The list
// is a read like the refresh's, so the bound leaves room for a read's whole
// budget of resends after 429s (apiclient.RateLimitResendFor) and a minute
// more: a busy account's rate limit slows the check, never skips it.
const defaultPlanCheckTimeout = apiclient.RateLimitResendFor + time.Minute

// planChecks is one walk's record for the plan-time checks.
type planChecks struct {
	list    func(ctx context.Context) ([]*godo.PartnerAttachment, error)
	timeout time.Duration

	mu sync.Mutex
	// listing is closed once listed or listErr is set; nil before the
	// first check that needs the list.
	listing chan struct{}
	listed  map[string]godo.PartnerAttachment
	listErr error
	// seen is the newest value of every attachment this walk read or
	// wrote; gone, the attachments it deleted.
	seen map[string]godo.PartnerAttachment
	gone map[string]bool
	// claims is which instance (prior ID, "" for a create) plans each name.
	claims map[string]string
	// releases are the attachments whose name this plan gives up: by
	// destroying them (destroy) or renaming them (a rename).
	releases map[string]release
}

type release struct {
	name    string
	destroy bool
}

func newPlanChecks(reads *apiclient.ReadCache) *planChecks {
	return &planChecks{
		list:     reads.All,
		timeout:  defaultPlanCheckTimeout,
		seen:     map[string]godo.PartnerAttachment{},
		gone:     map[string]bool{},
		claims:   map[string]string{},
		releases: map[string]release{},
	}
}

// record notes a value of an attachment this walk read or wrote.
func (p *planChecks) record(a *godo.PartnerAttachment) {
	if p == nil || a == nil || a.ID == "" {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen[a.ID] = *a
}

// forget notes that this walk deleted attachment id.
func (p *planChecks) forget(id string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gone[id] = true
	delete(p.seen, id)
}

// claim records that the instance self ("" for a create) plans name, and
// reports whether another instance of this walk planned it already.
func (p *planChecks) claim(name, self string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if other, ok := p.claims[name]; ok {
		return self == "" || other != self
	}
	p.claims[name] = self
	return false
}

// release records that this plan destroys attachment id or renames it away
// from name, and reports whether another instance claimed name already.
func (p *planChecks) release(id, name string, destroy bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.releases[id] = release{name: name, destroy: destroy}
	other, ok := p.claims[name]
	return ok && other != id
}

// saw reports whether this walk read or wrote attachment id: then a resource
// of this configuration manages it (a refresh reads only what the state
// holds), and claims and releases catch any clash over its name.
func (p *planChecks) saw(id string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.seen[id]
	return ok
}

func (p *planChecks) released(id string) (release, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.releases[id]
	return r, ok
}

// view is the attachments as this walk knows them: the walk's one list,
// with what the walk itself saw and deleted since laid over it.
func (p *planChecks) view(ctx context.Context) (map[string]godo.PartnerAttachment, error) {
	p.mu.Lock()
	if p.listing == nil {
		p.listing = make(chan struct{})
		p.mu.Unlock()
		items, err := p.listWithin(ctx)
		p.mu.Lock()
		p.listed, p.listErr = map[string]godo.PartnerAttachment{}, err
		for _, a := range items {
			p.listed[a.ID] = *a
		}
		close(p.listing)
	} else {
		listing := p.listing
		p.mu.Unlock()
		select {
		case <-listing:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		p.mu.Lock()
	}
	defer p.mu.Unlock()
	if p.listErr != nil {
		return nil, p.listErr
	}
	out := make(map[string]godo.PartnerAttachment, len(p.listed)+len(p.seen))
	for id, a := range p.listed {
		out[id] = a
	}
	for id, a := range p.seen {
		out[id] = a
	}
	for id := range p.gone {
		delete(out, id)
	}
	return out, nil
}

// listWithin lists within p.timeout, saying so when the API did not answer.
func (p *planChecks) listWithin(ctx context.Context) ([]*godo.PartnerAttachment, error) {
	lctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	items, err := p.list(lctx)
	if err != nil && ctx.Err() == nil && errors.Is(lctx.Err(), context.DeadlineExceeded) {
		return nil, fmt.Errorf("the API did not answer the list of attachments within %s", p.timeout)
	}
	return items, err
}

// plannedAttachment is what the checks need of one side of a plan.
type plannedAttachment struct {
	id, name, parent types.String
}

func getPlanned(ctx context.Context, get func(context.Context, path.Path, any) diag.Diagnostics, diags *diag.Diagnostics) plannedAttachment {
	var a plannedAttachment
	diags.Append(get(ctx, path.Root("id"), &a.id)...)
	diags.Append(get(ctx, path.Root("name"), &a.name)...)
	diags.Append(get(ctx, pathParentUUID, &a.parent)...)
	return a
}

// known is v's value, and whether it is known and set.
func known(v types.String) (string, bool) {
	return v.ValueString(), !v.IsNull() && !v.IsUnknown() && v.ValueString() != ""
}

// privatePlannedFrom marks the plan of an existing attachment with its ID.
// When that plan turns out to replace it, Terraform plans the create again,
// with no prior state but with this plan's private state: the mark then says
// that this create is the replacement just planned (and checked) as a change
// of that attachment, which gives its name up first.
const privatePlannedFrom = "planned_from"

// planAgainstAPI runs the name and parent checks for one instance's plan.
func (r *partnerAttachmentResource) planAgainstAPI(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil || r.data.checks == nil { // nil before Configure
		return
	}
	diags := &resp.Diagnostics
	checks := r.data.checks
	if req.State.Raw.IsNull() {
		if mark, d := req.Private.GetKey(ctx, privatePlannedFrom); len(mark) > 0 || d.HasError() {
			return // the create half of a replacement, planned just before
		}
	}
	var prior, planned plannedAttachment
	if !req.State.Raw.IsNull() {
		prior = getPlanned(ctx, req.State.GetAttribute, diags)
	}
	if !req.Plan.Raw.IsNull() {
		planned = getPlanned(ctx, req.Plan.GetAttribute, diags)
	}
	if diags.HasError() {
		return
	}
	self, _ := known(prior.id)
	priorName, hadName := known(prior.name)
	if self != "" && !req.Plan.Raw.IsNull() {
		diags.Append(resp.Private.SetKey(ctx, privatePlannedFrom, []byte(strconv.Quote(self)))...)
	}
	if req.Plan.Raw.IsNull() { // destroy
		if self != "" && hadName && checks.release(self, priorName, true) {
			report(ctx, diags, diagnostic{Op: opPlanning, Subject: attachmentRef(self, priorName), Problem: problemNameFreed, At: path.Root("name"),
				Detail: freedDetail(self, priorName, true)})
		}
		return
	}
	name, nameKnown := known(planned.name)
	parent, parentKnown := known(planned.parent)
	priorParent, _ := known(prior.parent)
	checkName := nameKnown && (self == "" || name != priorName)
	checkParent := parentKnown && (self == "" || parent != priorParent)
	ref := self
	if self != "" && checkName && hadName && checks.release(self, priorName, false) {
		report(ctx, diags, diagnostic{Op: opPlanning, Subject: attachmentRef(ref, name), Problem: problemNameFreed, At: path.Root("name"),
			Detail: freedDetail(self, priorName, false)})
	}
	// Every known name is claimed, kept ones too, so that a create of a
	// name another resource keeps is caught here as well.
	if nameKnown && checks.claim(name, self) {
		report(ctx, diags, diagnostic{Op: opPlanning, Subject: attachmentRef(ref, name), Problem: problemNameTakenInPlan, At: path.Root("name"),
			Detail: fmt.Sprintf("Another do_partner_attachment resource in this plan has or takes the name %q. "+
				"The API refuses a second attachment with a name in use, so one of the two would fail in the middle of the apply. "+
				"Give each resource its own name (with for_each, make the name include each.key).", name)})
		checkName = false
	}
	if !checkName && !checkParent {
		return
	}
	view, err := checks.view(ctx)
	if err != nil {
		report(ctx, diags, diagnostic{Op: opPlanning, Subject: attachmentRef(ref, name), Problem: problemChecksSkipped, Warning: true,
			Detail: fmt.Sprintf("Listing the partner attachments, to check before anything is sent that the name is free and the parent can take a child, failed:\n%s\n\n"+
				"The plan goes on without these checks; the API still refuses a name in use or an unusable parent when the apply sends the request. "+
				"If the token lacks the partner_network_connect:read scope, add it.", apiclient.Describe(ctx, err))})
		return
	}
	if checkName {
		nameFindings(ctx, view, checks, self, name, diags)
	}
	if checkParent {
		if _, listed := view[parent]; !listed {
			// The list may lag a parent created a moment ago, or a page may
			// have shifted under it: ask for the parent itself before
			// calling it missing (a request only on the way to an error).
			if a, err := r.data.api.Get(ctx, parent); err == nil && a != nil {
				view[parent] = *a
			}
		}
		parentFindings(ctx, view, ref, name, parent, diags)
	}
}

// nameFindings fails the plan when an attachment other than self holds name.
// An attachment answered as DELETED no longer holds it; one DELETING does.
//
// An attachment this walk refreshed is managed by this configuration: it is
// self's own when self is a tainted attachment's replacement (Terraform
// plans that as a create and does not say what it replaces), and any other
// clash over its name is caught by claims and releases. One the walk did not
// see is not managed by it, unless the plan does not refresh
// (-refresh=false) and it is tainted: a tainted attachment is one whose
// create failed or timed out, so one that is not ready gets a warning, and
// only a ready one fails the plan.
func nameFindings(ctx context.Context, view map[string]godo.PartnerAttachment, checks *planChecks, self, name string, diags *diag.Diagnostics) {
	for _, a := range view {
		if a.Name != name || a.ID == self || apiclient.NormalizeState(a.State) == apiclient.StateDeleted {
			continue
		}
		if rel, ok := checks.released(a.ID); ok {
			report(ctx, diags, diagnostic{Op: opPlanning, Subject: attachmentRef(self, name), Problem: problemNameFreed, At: path.Root("name"),
				Detail: freedDetail(a.ID, rel.name, rel.destroy)})
			return
		}
		if checks.saw(a.ID) {
			continue
		}
		if !apiclient.IsReady(a.State) && self == "" {
			report(ctx, diags, diagnostic{Op: opPlanning, Subject: attachmentRef(self, name), Problem: problemNameHeldUnfinished, At: path.Root("name"), Warning: true,
				Detail: fmt.Sprintf("Attachment %s (state %s) has the name %q. If it is this resource's own attachment, whose create failed or timed out "+
					"(Terraform marked it tainted and plans to replace it), nothing is wrong: it is deleted before the new one is created. "+
					"Otherwise the API will refuse the create when the apply sends it.\n\n", a.ID, a.State, name) +
					"A plan that refreshes (without -refresh=false) tells the two apart.\n\n" + nameInUseDetail(&a, name, true)})
			return
		}
		detail := "An attachment with this name exists, and this resource does not manage it: the API would refuse the " +
			"request in the middle of the apply.\n\n" + nameInUseDetail(&a, name, self == "")
		if self == "" {
			detail += "\n\nIf it is this resource's own attachment, marked tainted by a create that failed or timed out, plan with refresh " +
				"(without -refresh=false): the refresh recognises it."
		}
		report(ctx, diags, diagnostic{Op: opPlanning, Subject: attachmentRef(self, name), Problem: problemNameInUse, At: path.Root("name"), Detail: detail})
		return
	}
}

// freedDetail explains why a name that another attachment of this plan gives
// up cannot be taken in the same apply.
func freedDetail(holder, name string, destroy bool) string {
	if destroy {
		return fmt.Sprintf("Attachment %s, which this plan destroys, holds the name %q, and another resource in this plan creates an attachment with that name. "+
			"Terraform does not order the destroy before the create, so the API may refuse the create, and the attachment would be replaced for nothing.\n\n"+
			"If the resource was renamed or moved in the configuration, say so with a moved block, and the attachment is kept:\n\n"+
			"moved {\n  from = do_partner_attachment.<old name>\n  to   = do_partner_attachment.<new name>\n}\n\n"+
			"If a new attachment is really meant, destroy the old one in one apply and create the new one in the next.", holder, name)
	}
	return fmt.Sprintf("Attachment %s holds the name %q, which this plan renames it away from, and another resource in this plan takes that name. "+
		"Terraform does not order the rename before the create, so the API may refuse the create. "+
		"Apply the rename first (terraform apply -target=<the renamed resource>), then apply again.", holder, name)
}

// parentFindings fails the plan when parent names no attachment, one being
// deleted or failed, or a child (the API takes only one level of children).
func parentFindings(ctx context.Context, view map[string]godo.PartnerAttachment, ref, name, parent string, diags *diag.Diagnostics) {
	a, ok := view[parent]
	var p problem
	var detail string
	switch {
	case !ok:
		p = problemParentNotFound
		detail = fmt.Sprintf("parent_uuid %q names no partner attachment of this account: the API would refuse the create. "+
			"Use the ID of an existing attachment (do_partner_attachments lists them), or a reference such as do_partner_attachment.<parent>.id.", parent)
	case apiclient.IsDeleting(a.State):
		p = problemParentDeleting
		detail = fmt.Sprintf("The parent attachment %s (%q) is %s: it cannot take a child. Choose another parent, or create the parent again first.", a.ID, a.Name, a.State)
	case apiclient.IsFailed(a.State):
		p = problemParentFailed
		detail = fmt.Sprintf("The parent attachment %s (%q) is in state %s: it cannot take a child. Delete or replace the parent first, or choose another.", a.ID, a.Name, a.State)
	case a.ParentUuid != "":
		p = problemParentIsChild
		detail = fmt.Sprintf("The parent attachment %s (%q) is itself the child of %s, and an attachment can have only one level of children. "+
			"Use %s as parent_uuid, or a top-level attachment.", a.ID, a.Name, a.ParentUuid, a.ParentUuid)
	default:
		return
	}
	report(ctx, diags, diagnostic{Op: opPlanning, Subject: attachmentRef(ref, name), Problem: p, At: pathParentUUID, Detail: detail})
}
