package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

var _ action.ActionWithConfigure = &regenerateServiceKeyAction{}

const defaultRegenerateTimeout = 10 * time.Minute

// regenerateServiceKeyAction asks DigitalOcean for a new service key (the
// token the Megaport side uses to claim the connection) and waits until the
// new key is readable.
type regenerateServiceKeyAction struct {
	data *providerData
}

type regenerateServiceKeyModel struct {
	AttachmentID types.String   `tfsdk:"attachment_id"`
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
}

// NewRegenerateServiceKeyAction is the do_partner_attachment_regenerate_service_key action.
func NewRegenerateServiceKeyAction() action.Action { return &regenerateServiceKeyAction{} }

func (a *regenerateServiceKeyAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_partner_attachment_regenerate_service_key"
}

func (a *regenerateServiceKeyAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Regenerates a partner attachment's service key and waits until the new key is readable. " +
			"The key value is never shown; read it with the do_partner_attachment_service_key ephemeral resource or data source.",
		Attributes: map[string]schema.Attribute{
			"attachment_id": schema.StringAttribute{
				Required:    true,
				Description: "ID of the partner attachment whose service key is regenerated.",
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"timeouts": timeouts.Attributes(ctx),
		},
	}
}

func (a *regenerateServiceKeyAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (a *regenerateServiceKeyAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	ctx = a.data.withSecrets(ctx)
	var m regenerateServiceKeyModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := m.Timeouts.Invoke(ctx, defaultRegenerateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := m.AttachmentID.ValueString()
	progress := func(format string, args ...any) {
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf(format, args...)})
		}
	}

	// Remember the current key so the wait can tell the new one from it.
	old, err := a.data.api.ServiceKey(ctx, id)
	if err != nil && !apiclient.IsNotFound(err) {
		failure := apiFailure(ctx, opReadingServiceKey, attachmentRef(id, ""), err)
		failure.At = pathAttachmentID
		report(ctx, &resp.Diagnostics, failure)
		return
	}
	if old != nil {
		ctx = a.data.withSecrets(ctx, old.Value) // an error may echo it
	}
	// Regenerating twice is harmless (the wait below only needs a key other
	// than the old one), so a regeneration whose answer was lost may be
	// retried without first finding out whether it took effect.
	retryable := apiclient.WithOutcomeCheck(ctx, func(context.Context) (bool, error) { return false, nil })
	if err := a.data.api.RegenerateServiceKey(retryable, id); err != nil {
		failure := apiFailure(ctx, opRegenerating, attachmentRef(id, ""), err)
		failure.At = pathAttachmentID
		report(ctx, &resp.Diagnostics, failure)
		return
	}
	progress("Regeneration of the service key of partner attachment %s requested; waiting for the new key", id)

	isNew := func(k *godo.ServiceKey) bool { return old == nil || k.Value != old.Value }
	key, err := waitServiceKeyReady(ctx, a.data, id, timeout, isNew, func(state string) {
		progress("Service key of partner attachment %s: %s", id, state)
	})
	if err != nil {
		failure := apiFailure(ctx, opRegenerating, attachmentRef(id, ""), err)
		failure.Detail = "The regeneration was requested, but the new key did not become ready: " + failure.Detail
		report(ctx, &resp.Diagnostics, failure)
		return
	}
	progress("New service key of partner attachment %s is ready (created %s)", id, key.CreatedAt.UTC().Format(time.RFC3339))
}
