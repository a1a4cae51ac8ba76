package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/waiter"
)

// WaitTiming says how attachments are polled while they settle: a first poll
// soon after the request, then gaps that double up to a cap.
type WaitTiming struct {
	First time.Duration
	Min   time.Duration
	Max   time.Duration
	// NotFoundGrace is how long a new attachment may answer 404 before the
	// wait for it fails (see waitAttachmentReady).
	NotFoundGrace time.Duration
}

// Default polling: polls at 0.5, 1.5, 3.5, 7.5 and 15.5 s, then every 8 s.
// Why these numbers: DESIGN.md, "Polling, and shared polls".
const (
	defaultWaitFirst = 500 * time.Millisecond
	defaultWaitMin   = time.Second
	defaultWaitMax   = 8 * time.Second
	// An API that is eventually consistent may answer 404 for a moment
	// after accepting a create; two minutes of that means it is gone.
	defaultNotFoundGrace = 2 * time.Minute
)

func (w WaitTiming) withDefaults() WaitTiming {
	if w.First <= 0 {
		w.First = defaultWaitFirst
	}
	if w.Min <= 0 {
		w.Min = defaultWaitMin
	}
	if w.Max <= 0 {
		w.Max = defaultWaitMax
	}
	if w.NotFoundGrace <= 0 {
		w.NotFoundGrace = defaultNotFoundGrace
	}
	return w
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

// settleTimes remembers, per kind of wait, the shortest time a wait of
// that kind in this provider process took to see its attachment settle.
// Attachments of one account settle in about the same time, so a later
// wait of the kind polls first at that time (at most WaitTiming.Max)
// instead of at WaitTiming.First: fifty creates ten at a time then poll
// once a wave instead of three times, which under a 60-a-minute burst limit
// is the difference between meeting it and not. The first wait of a kind,
// and every wait in a new process, keeps the configured schedule. A
// wait's failure or timeout teaches nothing. Safe for concurrent use; the
// zero value is ready.
type settleTimes struct {
	mu       sync.Mutex
	shortest map[string]time.Duration
}

// schedule returns cfg with its first poll at the kind's settle time, when
// one is known and later than cfg's (never later than cfg.MaxInterval).
func (s *settleTimes) schedule(cfg waiter.Config, kind string) waiter.Config {
	if s == nil {
		return cfg
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if d, ok := s.shortest[kind]; ok {
		cfg.InitialDelay = max(cfg.InitialDelay, min(d, cfg.MaxInterval))
	}
	return cfg
}

// record notes that a wait of kind saw its attachment settle after took.
func (s *settleTimes) record(kind string, took time.Duration) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shortest == nil {
		s.shortest = map[string]time.Duration{}
	}
	if d, ok := s.shortest[kind]; !ok || took < d {
		s.shortest[kind] = took
	}
}

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

// waitAttachmentReady polls until the attachment is ready and returns the
// last GET's answer, which doubles as the read-back (no extra request).
// created is when the attachment was created (zero when that does not
// matter, as for an update): a 404 within the not-found grace of it counts
// as "not visible yet" (mayNotBeVisibleYet).
func waitAttachmentReady(ctx context.Context, d *providerData, id string, timeout time.Duration, created time.Time) (*godo.PartnerAttachment, error) {
	defer d.trackWait()()
	kind := "ready after an update"
	if !created.IsZero() {
		kind = "ready after a create"
	}
	cfg := d.settled.schedule(d.wait.config(ctx, timeout, id, "ready"), kind)
	start := time.Now()
	a, err := waiter.Wait(ctx, cfg, func(ctx context.Context) (waiter.Observation[*godo.PartnerAttachment], error) {
		a, err := d.pollAttachment(ctx, id)
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
	if err == nil {
		d.settled.record(kind, time.Since(start))
	}
	return a, err
}

// waitAttachmentDeleted polls until the attachment is gone: 404, or
// reported DELETED.
func waitAttachmentDeleted(ctx context.Context, d *providerData, id string, timeout time.Duration) error {
	defer d.trackWait()()
	cfg := d.settled.schedule(d.wait.config(ctx, timeout, id, "deleted"), "deleted")
	start := time.Now()
	_, err := waiter.Wait(ctx, cfg, func(ctx context.Context) (waiter.Observation[struct{}], error) {
		a, err := d.pollAttachment(ctx, id)
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
	if err == nil {
		d.settled.record("deleted", time.Since(start))
	}
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

// settlePending waits for an attachment that state records as pending and
// returns it once ready; it returns nil, nil when there is nothing to wait for.
func settlePending(ctx context.Context, d *providerData, state attachmentModel, timeout time.Duration) (*godo.PartnerAttachment, error) {
	if !resumableState(state.State.ValueString()) {
		return nil, nil
	}
	created, _ := state.CreatedAt.ValueRFC3339Time() // zero if unknown
	return waitAttachmentReady(ctx, d, state.ID.ValueString(), timeout, created)
}

// createWaitEnded reports a wait for a new attachment that did not end
// ready. A timeout or an error state is an error, which makes Terraform
// taint the attachment (the next apply replaces it). An interruption is a
// warning: the attachment is fine, merely unfinished, and the next apply
// resumes waiting for it rather than replacing it.
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
		addReadError(ctx, &diags, opReading, pathAttachmentID, id, err)
		return nil, diags
	}
	anyReadyKey := func(*godo.ServiceKey) bool { return true }
	key, err := waitServiceKey(ctx, d, id, timeout, anyReadyKey, nil)
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
