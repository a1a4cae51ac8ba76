package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/waiter"
)

// serviceKeyAccepted says whether a service key observation is the one being
// waited for; nil keys (404: not issued yet) are never accepted.
type serviceKeyAccepted func(*godo.ServiceKey) bool

// waitServiceKey polls an attachment's service key until accept holds for a
// key in a ready state. A key exists only once the attachment is ready, and a
// regenerated one appears asynchronously, so 404 means "not yet".
func waitServiceKey(ctx context.Context, d *providerData, id string, timeout time.Duration, accept serviceKeyAccepted, onPoll func(state string)) (*godo.ServiceKey, error) {
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
		addReadError(ctx, &diags, pathAttachmentID, id, "partner attachment", err)
		return nil, diags
	}
	anyReadyKey := func(*godo.ServiceKey) bool { return true }
	key, err := waitServiceKey(ctx, d, id, timeout, anyReadyKey, nil)
	var timedOut *waiter.TimeoutError
	var failed *waiter.FailedStateError
	switch {
	case errors.As(err, &timedOut):
		diags.AddError("Timed out waiting for the partner attachment's service key",
			fmt.Sprintf("Attachment %s has no ready service key yet: %s. If provisioning is just slow, raise %s.", id, err, timeoutSetting))
	case errors.As(err, &failed):
		diags.AddError("The partner attachment's service key will not become ready",
			fmt.Sprintf("Attachment %s: the key entered state %s.", id, failed.State))
	case err != nil:
		addReadError(ctx, &diags, pathAttachmentID, id, "the partner attachment's service key", err)
	}
	return key, diags
}
