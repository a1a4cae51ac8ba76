package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/waiter"
)

// defaultServiceKeyTimeout bounds the wait for a service key when the
// configuration sets no timeout.
const defaultServiceKeyTimeout = 10 * time.Minute

// serviceKeyModel is what the service-key data source and ephemeral resource
// share: the attachment named and its key. Each embeds it beside its own
// timeouts (the framework's timeouts types differ by kind).
type serviceKeyModel struct {
	AttachmentID types.String      `tfsdk:"attachment_id"`
	Value        types.String      `tfsdk:"value"`
	State        types.String      `tfsdk:"state"`
	CreatedAt    timetypes.RFC3339 `tfsdk:"created_at"`
}

// readReady fills m with the ready service key of attachment m.AttachmentID
// (readReadyServiceKey); timeoutSetting names the setting that bounds the wait.
func (m *serviceKeyModel) readReady(ctx context.Context, d *providerData, timeout time.Duration, timeoutSetting string) diag.Diagnostics {
	key, diags := readReadyServiceKey(ctx, d, m.AttachmentID.ValueString(), timeout, timeoutSetting)
	if diags.HasError() {
		return diags
	}
	m.Value = types.StringValue(key.Value)
	m.State = types.StringValue(key.State)
	m.CreatedAt = timeOrNull(key.CreatedAt)
	return diags
}

// serviceKeyAccepted says whether a service key observation is the one being
// waited for; nil keys (404: not issued yet) are never accepted.
type serviceKeyAccepted func(*godo.ServiceKey) bool

// waitServiceKeyReady polls an attachment's service key until accept holds for a
// key in a ready state. A key exists only once the attachment is ready, and a
// regenerated one appears asynchronously, so 404 means "not yet".
func waitServiceKeyReady(ctx context.Context, d *providerData, id string, timeout time.Duration, accept serviceKeyAccepted, onPoll func(state string)) (*godo.ServiceKey, error) {
	cfg := d.wait.config(ctx, timeout, id, "service key")
	if onPoll != nil {
		cfg.OnPoll = func(state string, _ int) { onPoll(state) }
	}
	return waiter.Wait(ctx, cfg, func(ctx context.Context) (waiter.Observation[*godo.ServiceKey], error) {
		key, err := d.api.ServiceKey(ctx, id)
		if apiclient.IsNotFound(err) {
			return waiter.Observation[*godo.ServiceKey]{State: "(not issued yet)", Phase: waiter.Pending}, nil
		}
		if err != nil {
			return waiter.Observation[*godo.ServiceKey]{}, err
		}
		phase := classifyReady(key.State)
		if phase == waiter.Done && !accept(key) {
			phase = waiter.Pending
		}
		return waiter.Observation[*godo.ServiceKey]{Value: key, State: key.State, Phase: phase}, nil
	})
}

// readReadyServiceKey waits for an attachment's current service key, for the
// data source and the ephemeral resource alike. timeoutSetting names the
// setting that bounds the wait, for the error message.
func readReadyServiceKey(ctx context.Context, d *providerData, id string, timeout time.Duration, timeoutSetting string) (*godo.ServiceKey, diag.Diagnostics) {
	var diags diag.Diagnostics
	// The key endpoint answers 404 both before the key is issued and for an
	// unknown attachment; only the attachment's own 404 tells them apart.
	if _, err := d.api.Get(ctx, id); err != nil {
		addReadError(ctx, &diags, opReading, pathAttachmentID, id, err)
		return nil, diags
	}
	anyReadyKey := func(*godo.ServiceKey) bool { return true }
	key, err := waitServiceKeyReady(ctx, d, id, timeout, anyReadyKey, nil)
	var timedOut *waiter.TimeoutError
	var failed *waiter.FailedStateError
	switch {
	case errors.As(err, &timedOut):
		report(ctx, &diags, diagnostic{Op: opReadingServiceKey, Subject: attachmentRef(id, ""), Problem: problemTimedOut,
			Detail: fmt.Sprintf("Attachment %s has no ready service key yet: %s. If provisioning is just slow, raise %s.", id, err, timeoutSetting)})
	case errors.As(err, &failed):
		report(ctx, &diags, diagnostic{Op: opReadingServiceKey, Subject: attachmentRef(id, ""), Problem: problemErrorState,
			Detail: fmt.Sprintf("Attachment %s: the key entered state %s. Regenerate it (the do_partner_attachment_regenerate_service_key action); if that fails too, contact DigitalOcean support with the attachment's ID.", id, failed.State)})
	case err != nil:
		addReadError(ctx, &diags, opReadingServiceKey, pathAttachmentID, id, err)
	}
	return key, diags
}
