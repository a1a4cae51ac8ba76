package provider

import (
	"context"
	"time"

	"github.com/digitalocean/godo"

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
	cfg := d.wait.config(timeout, id, "service key")
	if onPoll != nil {
		cfg.OnPoll = func(state string, _ int) { onPoll(state) }
	}
	return waiter.Wait(ctx, cfg, func(ctx context.Context) (waiter.Observation[*godo.ServiceKey], error) {
		key, _, err := d.client.PartnerAttachment.GetServiceKey(ctx, id)
		if apiclient.IsNotFound(err) {
			return waiter.Observation[*godo.ServiceKey]{State: "(not issued yet)", Phase: waiter.Pending}, nil
		}
		if err != nil {
			return waiter.Observation[*godo.ServiceKey]{}, err
		}
		phase := classifyReady(key.State)
		if phase == waiter.Done && (key == nil || !accept(key)) {
			phase = waiter.Pending
		}
		return waiter.Observation[*godo.ServiceKey]{Value: key, State: key.State, Phase: phase}, nil
	})
}
