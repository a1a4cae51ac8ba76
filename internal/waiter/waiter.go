// Package waiter polls an asynchronous operation until it reaches a target
// state. It is deliberately small: the caller classifies states, the waiter
// owns timing (first poll soon, then back off to a cap) and cancellation.
package waiter

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Phase is how the caller classifies an observed state.
type Phase int

const (
	// Pending means keep waiting.
	Pending Phase = iota
	// Done means the target was reached.
	Done
	// Failed means the operation ended in an error state; stop at once.
	Failed
)

// Observation is one poll's result: the object (if any) and its state.
type Observation[T any] struct {
	Value T
	State string
	Phase Phase
}

// RefreshFunc observes the operation once.
type RefreshFunc[T any] func(ctx context.Context) (Observation[T], error)

// Config says how to poll.
type Config struct {
	// Timeout bounds the whole wait; zero means only the context bounds it.
	Timeout time.Duration
	// InitialDelay is the wait before the first poll.
	InitialDelay time.Duration
	// MinInterval is the first gap between polls; it doubles up to MaxInterval.
	MinInterval time.Duration
	MaxInterval time.Duration
	// OnPoll, when set, is told every observation (for progress logs).
	OnPoll func(state string, attempt int)
}

// TimeoutError reports a wait that ran out of time, naming the last state seen.
type TimeoutError struct {
	Timeout   time.Duration
	LastState string
}

func (e *TimeoutError) Error() string {
	last := e.LastState
	if last == "" {
		last = "(none observed)"
	}
	return fmt.Sprintf("timed out after %s; last state seen: %s", e.Timeout, last)
}

// FailedStateError reports an operation that ended in an error state.
type FailedStateError struct {
	State string
}

func (e *FailedStateError) Error() string {
	return fmt.Sprintf("entered error state %q", e.State)
}

// Wait polls refresh until it reports Done, Failed, an error, or time runs out.
// The context's cancellation ends the wait promptly with the context's error.
func Wait[T any](ctx context.Context, cfg Config, refresh RefreshFunc[T]) (T, error) {
	var zero T
	if cfg.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.Timeout)
		defer cancel()
	}
	delays := newBackoff(cfg)
	lastState := ""
	for attempt := 1; ; attempt++ {
		if err := sleep(ctx, delays.next()); err != nil {
			return zero, waitEnded(err, cfg.Timeout, lastState)
		}
		obs, err := refresh(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return zero, waitEnded(ctx.Err(), cfg.Timeout, lastState)
			}
			return zero, err
		}
		lastState = obs.State
		if cfg.OnPoll != nil {
			cfg.OnPoll(obs.State, attempt)
		}
		switch obs.Phase {
		case Done:
			return obs.Value, nil
		case Failed:
			return obs.Value, &FailedStateError{State: obs.State}
		}
	}
}

// backoff yields the pause before each poll: InitialDelay, then MinInterval
// (1 s when unset), doubling up to MaxInterval.
type backoff struct {
	delay, interval, max time.Duration
}

func newBackoff(cfg Config) *backoff {
	interval := cfg.MinInterval
	if interval <= 0 {
		interval = time.Second
	}
	return &backoff{delay: cfg.InitialDelay, interval: interval, max: max(cfg.MaxInterval, interval)}
}

func (b *backoff) next() time.Duration {
	d := b.delay
	b.delay = b.interval
	b.interval = min(b.interval*2, b.max)
	return d
}

// PollTimes returns when the first n polls of cfg happen, counted from the
// start of the wait and assuming instant answers: the schedule a Config
// stands for, so that its promptness and cost can be checked without a clock.
func PollTimes(cfg Config, n int) []time.Duration {
	b := newBackoff(cfg)
	out := make([]time.Duration, n)
	var at time.Duration
	for i := range out {
		at += b.next()
		out[i] = at
	}
	return out
}

// waitEnded turns a context error into a TimeoutError when our own deadline
// fired, and passes a caller's cancellation through unchanged.
func waitEnded(err error, timeout time.Duration, lastState string) error {
	if errors.Is(err, context.DeadlineExceeded) && timeout > 0 {
		return &TimeoutError{Timeout: timeout, LastState: lastState}
	}
	return err
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
