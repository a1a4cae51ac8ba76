package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/digitalocean/godo"
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

// waitAttachmentListed looks for a new attachment by name, on the waiter's
// schedule, until the list shows it or the not-found grace has passed (nil
// then). createAttachment uses it to adopt a create whose answer was lost.
func waitAttachmentListed(ctx context.Context, l *apiclient.NameLookup, w WaitTiming) (*godo.PartnerAttachment, error) {
	cfg := w.config(ctx, w.NotFoundGrace, l.Name(), "listed")
	a, err := waiter.Wait(ctx, cfg, func(ctx context.Context) (waiter.Observation[*godo.PartnerAttachment], error) {
		a, err := l.Find(ctx)
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
