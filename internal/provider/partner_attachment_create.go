package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/waiter"
)

// lookupGrace bounds the search for an attachment whose create was
// interrupted: the operation's own context is cancelled by then, and leaving
// without looking could orphan an attachment the API did create.
const lookupGrace = 30 * time.Second

// nameLookup finds the attachment a create may have made. Names are unique
// in an account, so the name identifies it. It remembers the first match:
// once found, the create is never sent again.
type nameLookup struct {
	api  *apiclient.Attachments
	name string

	mu    sync.Mutex
	calls int
	found *godo.PartnerAttachment
}

// check is the create's apiclient.OutcomeCheck, consulted before each retry.
func (l *nameLookup) check(ctx context.Context) (bool, error) {
	a, err := l.find(ctx)
	return a != nil, err
}

func (l *nameLookup) find(ctx context.Context) (*godo.PartnerAttachment, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls++
	if l.found != nil {
		return l.found, nil
	}
	a, err := l.api.FindByName(ctx, l.name)
	if a != nil {
		l.found = a
	}
	return a, err
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
	lookup := &nameLookup{api: api, name: req.Name}
	created, err := api.Create(apiclient.WithOutcomeCheck(ctx, lookup.check), req)
	if err == nil {
		tflog.Info(ctx, "created partner attachment", map[string]any{"id": created.ID, "state": created.State})
		return created, diags
	}
	if !apiclient.OutcomeUnknown(err) && lookup.calls == 0 {
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
	found, findErr := lookup.find(findCtx)
	// A retry refused (a 4xx) after an attempt whose outcome was unknown
	// says the name is taken, most likely by that attempt; an eventually
	// consistent list may not show it yet, so keep looking for a while.
	retryRefused := isRefusal(err)
	if found == nil && findErr == nil && retryRefused {
		found, findErr = lookup.await(findCtx, d.wait)
	}
	switch {
	case findErr != nil:
		diags.AddError("Cannot tell whether the partner attachment was created",
			fmt.Sprintf("The create request for %q got no definite answer:\n%s\n\nLooking for an attachment of that name failed too:\n%s\n\n"+
				"If an attachment named %q exists, import it (terraform import) before applying again; otherwise applying again is safe.",
				req.Name, lost, apiclient.Describe(ctx, findErr), req.Name))
		return nil, diags
	case found == nil && retryRefused:
		diags.AddError("Cannot tell whether the partner attachment was created",
			fmt.Sprintf("The create request for %q got no definite answer, and sending it again was refused:\n%s\n\n"+
				"No attachment of that name has shown in the list within %s. If one appears (do_partner_attachments), import it before applying again.",
				req.Name, lost, d.wait.NotFoundGrace))
		return nil, diags
	case found == nil:
		diags.AddError("Error creating partner attachment",
			fmt.Sprintf("%s\n\nNo attachment named %q exists, so nothing was created; applying again is safe.", lost, req.Name))
		return nil, diags
	}
	differs, cmpErr := attachmentDiffers(findCtx, api, found, req)
	switch {
	case cmpErr != nil:
		diags.AddError("Cannot tell whether the partner attachment was created",
			fmt.Sprintf("The create request for %q got no definite answer:\n%s\n\nAttachment %s has that name, but comparing it with the configuration failed:\n%s",
				req.Name, lost, found.ID, apiclient.Describe(ctx, cmpErr)))
		return nil, diags
	case len(differs) > 0:
		diags.AddError("Partner attachment name taken by a different attachment",
			fmt.Sprintf("The create request for %q got no definite answer:\n%s\n\nAttachment %s has that name but differs from the configuration in: %s. "+
				"It was not taken into state. Choose another name, or import that attachment if it is the one you mean.",
				req.Name, lost, found.ID, strings.Join(differs, ", ")))
		return nil, diags
	}
	tflog.Info(ctx, "adopted partner attachment after a create with no definite answer", map[string]any{"id": found.ID, "state": found.State})
	diags.AddWarning("Partner attachment adopted after a lost answer",
		fmt.Sprintf("The create request for %q got no definite answer:\n%s\n\nAttachment %s has that name and the configured settings, so it was taken into state instead of creating another.",
			req.Name, lost, found.ID))
	return found, diags
}

// isRefusal reports whether err is the API refusing a request (a 4xx other
// than 429, which only asks to wait).
func isRefusal(err error) bool {
	e, ok := apiclient.AsAPIError(err)
	return ok && e.Status >= 400 && e.Status < 500 && e.Status != http.StatusTooManyRequests
}

// await looks for the attachment on the waiter's schedule until the list
// shows it or the not-found grace has passed (nil then).
func (l *nameLookup) await(ctx context.Context, w WaitTiming) (*godo.PartnerAttachment, error) {
	cfg := w.config(ctx, w.NotFoundGrace, l.name, "listed")
	a, err := waiter.Wait(ctx, cfg, func(ctx context.Context) (waiter.Observation[*godo.PartnerAttachment], error) {
		a, err := l.find(ctx)
		if err != nil || a == nil {
			return waiter.Observation[*godo.PartnerAttachment]{State: stateNotVisible, Phase: waiter.Pending}, err
		}
		return waiter.Observation[*godo.PartnerAttachment]{Value: a, State: a.State, Phase: waiter.Done}, nil
	})
	var timedOut *waiter.TimeoutError
	if errors.As(err, &timedOut) {
		return nil, nil
	}
	return a, err
}

// createRefused reports a create the API refused. When an attachment with
// the name exists (the usual reason: an apply killed before it could save
// state left it behind), the error names it and shows the import block that
// takes it over. It is never adopted: the API said no, and that attachment
// may be someone else's.
func createRefused(ctx context.Context, lookup *nameLookup, refusal error, diags *diag.Diagnostics) {
	detail := apiclient.Describe(ctx, refusal)
	e, _ := apiclient.AsAPIError(refusal)
	if !isRefusal(refusal) || e.Status == http.StatusUnauthorized {
		diags.AddError("Error creating partner attachment", detail)
		return
	}
	existing, err := lookup.find(ctx)
	if err != nil || existing == nil {
		diags.AddError("Error creating partner attachment", detail)
		return
	}
	diags.AddError("Partner attachment name already in use",
		fmt.Sprintf("%s\n\nAttachment %s (state %s, region %s, created %s) already has the name %q. "+
			"If it is the attachment this configuration describes (for example one that an apply killed before it could save state left behind), "+
			"take it over with an import block and apply again:\n\nimport {\n  to = do_partner_attachment.<this resource's name>\n  id = %q\n}\n\n"+
			"Otherwise choose another name, or delete that attachment.",
			detail, existing.ID, existing.State, existing.Region, existing.CreatedAt.UTC().Format(time.RFC3339), lookup.name, existing.ID))
}
