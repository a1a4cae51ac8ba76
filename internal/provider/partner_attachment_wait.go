package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/waiter"
)

// classifyReady says what an observed state means while waiting for an
// attachment (or a service key) to become usable. States arrive normalised
// (apiclient.NormalizeState); unknown ones are treated as still pending:
// the wait's timeout then names them.
func classifyReady(state string) waiter.Phase {
	switch {
	case apiclient.IsReady(state):
		return waiter.Done
	case apiclient.IsFailed(state):
		return waiter.Failed
	}
	return waiter.Pending
}

// classifyDeleting: gone is Done (handled by the caller on 404 or DELETED);
// an error state fails; anything else is still deleting.
func classifyDeleting(state string) waiter.Phase {
	if apiclient.IsFailed(state) {
		return waiter.Failed
	}
	return waiter.Pending
}

// busy reports an answer that says "not now" rather than anything about the
// attachment: a 429, a 5xx (other than 501) or a body a proxy spoiled, left
// after the client's own retries. A wait, whose requests are all GETs and
// DELETEs, polls again on its schedule rather than fail: its timeout, not
// the retry count, bounds it.
func busy(err error) bool {
	var malformed *apiclient.MalformedError
	if errors.As(err, &malformed) {
		return true
	}
	e, ok := apiclient.AsAPIError(err)
	return ok && (e.Status == http.StatusTooManyRequests || (e.Status >= 500 && e.Status != http.StatusNotImplemented))
}

// busyState names a busy answer in the wait's progress and timeout.
func busyState(err error) string {
	if e, ok := apiclient.AsAPIError(err); ok {
		return fmt.Sprintf("(API busy: HTTP %d)", e.Status)
	}
	return "(API answer unusable)"
}

// config is the waiter configuration for one wait. Its progress lines are
// logged on ctx, the operation's context, where tflog (and its masks) live.
func (w WaitTiming) config(ctx context.Context, timeout time.Duration, id, what string) waiter.Config {
	return waiter.Config{
		Timeout:      timeout,
		InitialDelay: w.First,
		MinInterval:  w.Min,
		MaxInterval:  w.Max,
		OnPoll: func(state string, attempt int) {
			tflog.Debug(ctx, "polled partner attachment", map[string]any{
				"id": id, "waiting_for": what, "state": state, "attempt": attempt,
			})
		},
	}
}

// stateNotVisible is reported while a new attachment is not yet readable;
// stateGone once an attachment is.
const (
	stateNotVisible = "(not visible yet)"
	stateGone       = "(gone)"
)

// mayNotBeVisibleYet is the one rule for a 404 that may not mean gone: an
// attachment created (accepted) less than NotFoundGrace ago, which an
// eventually consistent API may not show yet. A zero time never qualifies.
func (w WaitTiming) mayNotBeVisibleYet(created time.Time) bool {
	return !created.IsZero() && time.Since(created) < w.NotFoundGrace
}

// createdTime parses created_at as state records it (zero if unknown).
func createdTime(createdAt string) time.Time {
	t, _ := time.Parse(time.RFC3339, createdAt)
	return t
}

// waitAttachmentReady polls until the attachment is ready and returns the
// last GET's answer, which doubles as the read-back (no extra request).
// created is when the attachment was created (zero when that does not
// matter, as for an update): a 404 within the not-found grace of it counts
// as "not visible yet" (mayNotBeVisibleYet).
func waitAttachmentReady(ctx context.Context, d *providerData, id string, timeout time.Duration, created time.Time) (*godo.PartnerAttachment, error) {
	return waiter.Wait(ctx, d.wait.config(ctx, timeout, id, "ready"), func(ctx context.Context) (waiter.Observation[*godo.PartnerAttachment], error) {
		a, err := d.api.Get(ctx, id)
		if apiclient.IsNotFound(err) && d.wait.mayNotBeVisibleYet(created) {
			return waiter.Observation[*godo.PartnerAttachment]{State: stateNotVisible, Phase: waiter.Pending}, nil
		}
		if busy(err) {
			return waiter.Observation[*godo.PartnerAttachment]{State: busyState(err), Phase: waiter.Pending}, nil
		}
		if err != nil {
			return waiter.Observation[*godo.PartnerAttachment]{}, err
		}
		return waiter.Observation[*godo.PartnerAttachment]{Value: a, State: a.State, Phase: classifyReady(a.State)}, nil
	})
}

// waitAttachmentDeleted polls until the attachment is gone: 404, or
// reported DELETED.
func waitAttachmentDeleted(ctx context.Context, d *providerData, id string, timeout time.Duration) error {
	_, err := waiter.Wait(ctx, d.wait.config(ctx, timeout, id, "deleted"), func(ctx context.Context) (waiter.Observation[struct{}], error) {
		a, err := d.api.Get(ctx, id)
		if apiclient.IsNotFound(err) {
			return waiter.Observation[struct{}]{State: stateGone, Phase: waiter.Done}, nil
		}
		if busy(err) {
			return waiter.Observation[struct{}]{State: busyState(err), Phase: waiter.Pending}, nil
		}
		if err != nil {
			return waiter.Observation[struct{}]{}, err
		}
		return waiter.Observation[struct{}]{State: a.State, Phase: classifyDeleting(a.State)}, nil
	})
	return err
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
