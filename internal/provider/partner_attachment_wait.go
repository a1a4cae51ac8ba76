package provider

import (
	"context"
	"strings"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/waiter"
)

// The API reference shows CREATED and DELETING, its list example "active";
// other DigitalOcean APIs use ACTIVE. Accept every spelling, in any case.
var (
	readyStates = []string{"CREATED", "ACTIVE", "AVAILABLE", "READY"}
	// failureMarkers match error states such as ERROR, FAILED, CREATE_FAILED.
	failureMarkers = []string{"ERROR", "FAIL"}
)

// classifyReady says what an observed state means while waiting for an
// attachment to become usable. Unknown states are treated as still pending:
// the wait's timeout then names them.
func classifyReady(state string) waiter.Phase {
	s := strings.ToUpper(strings.TrimSpace(state))
	for _, r := range readyStates {
		if s == r {
			return waiter.Done
		}
	}
	if isFailureState(s) {
		return waiter.Failed
	}
	return waiter.Pending
}

func isFailureState(upper string) bool {
	for _, f := range failureMarkers {
		if strings.Contains(upper, f) {
			return true
		}
	}
	return false
}

// classifyDeleting: gone is Done (handled by the caller on 404); an error
// state fails; anything else is still deleting.
func classifyDeleting(state string) waiter.Phase {
	if isFailureState(strings.ToUpper(state)) {
		return waiter.Failed
	}
	return waiter.Pending
}

func (w WaitTiming) config(timeout time.Duration, id, what string) waiter.Config {
	return waiter.Config{
		Timeout:      timeout,
		InitialDelay: w.First,
		MinInterval:  w.Min,
		MaxInterval:  w.Max,
		OnPoll: func(state string, attempt int) {
			tflog.Debug(context.Background(), "polled partner attachment", map[string]any{
				"id": id, "waiting_for": what, "state": state, "attempt": attempt,
			})
		},
	}
}

// waitAttachmentReady polls until the attachment is ready and returns the
// last GET's answer, which doubles as the read-back (no extra request).
func waitAttachmentReady(ctx context.Context, d *providerData, id string, timeout time.Duration) (*godo.PartnerAttachment, error) {
	return waiter.Wait(ctx, d.wait.config(timeout, id, "ready"), func(ctx context.Context) (waiter.Observation[*godo.PartnerAttachment], error) {
		a, _, err := d.client.PartnerAttachment.Get(ctx, id)
		if err != nil {
			return waiter.Observation[*godo.PartnerAttachment]{}, err
		}
		return waiter.Observation[*godo.PartnerAttachment]{Value: a, State: a.State, Phase: classifyReady(a.State)}, nil
	})
}

// waitAttachmentDeleted polls until the attachment is gone (404).
func waitAttachmentDeleted(ctx context.Context, d *providerData, id string, timeout time.Duration) error {
	_, err := waiter.Wait(ctx, d.wait.config(timeout, id, "deleted"), func(ctx context.Context) (waiter.Observation[struct{}], error) {
		a, _, err := d.client.PartnerAttachment.Get(ctx, id)
		if apiclient.IsNotFound(err) {
			return waiter.Observation[struct{}]{State: "(gone)", Phase: waiter.Done}, nil
		}
		if err != nil {
			return waiter.Observation[struct{}]{}, err
		}
		return waiter.Observation[struct{}]{State: a.State, Phase: classifyDeleting(a.State)}, nil
	})
	return err
}
