package waiter

import (
	"context"
	"errors"
	"testing"
	"time"
)

// script returns a refresh func that replays the given observations, then
// repeats the last one forever.
func script(obs ...Observation[string]) (RefreshFunc[string], *int) {
	calls := 0
	return func(context.Context) (Observation[string], error) {
		i := min(calls, len(obs)-1)
		calls++
		return obs[i], nil
	}, &calls
}

var fast = Config{Timeout: 200 * time.Millisecond, MinInterval: time.Millisecond, MaxInterval: 4 * time.Millisecond}

func TestWait(t *testing.T) {
	pending := Observation[string]{State: "CREATING", Phase: Pending}
	unknown := Observation[string]{State: "PROVISIONING_SOMETHING_NEW", Phase: Pending}
	done := Observation[string]{Value: "ok", State: "CREATED", Phase: Done}
	failed := Observation[string]{State: "ERROR", Phase: Failed}

	cases := []struct {
		name      string
		obs       []Observation[string]
		wantValue string
		wantCalls int
		check     func(t *testing.T, err error)
	}{
		{name: "ready at once", obs: []Observation[string]{done}, wantValue: "ok", wantCalls: 1},
		{name: "pending then ready", obs: []Observation[string]{pending, pending, done}, wantValue: "ok", wantCalls: 3},
		{name: "unknown states keep waiting", obs: []Observation[string]{unknown, done}, wantValue: "ok", wantCalls: 2},
		{name: "error state stops at once", obs: []Observation[string]{pending, failed, done}, wantCalls: 2,
			check: func(t *testing.T, err error) {
				var fe *FailedStateError
				if !errors.As(err, &fe) || fe.State != "ERROR" {
					t.Fatalf("want FailedStateError{ERROR}, got %v", err)
				}
			}},
		{name: "timeout names last state", obs: []Observation[string]{pending, unknown}, wantCalls: -1,
			check: func(t *testing.T, err error) {
				var te *TimeoutError
				if !errors.As(err, &te) || te.LastState != "PROVISIONING_SOMETHING_NEW" {
					t.Fatalf("want TimeoutError naming last state, got %v", err)
				}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			refresh, calls := script(tc.obs...)
			got, err := Wait(context.Background(), fast, refresh)
			if tc.check != nil {
				tc.check(t, err)
			} else if err != nil || got != tc.wantValue {
				t.Fatalf("got (%q, %v), want (%q, nil)", got, err, tc.wantValue)
			}
			if tc.wantCalls >= 0 && *calls != tc.wantCalls {
				t.Fatalf("refresh called %d times, want %d", *calls, tc.wantCalls)
			}
		})
	}
}

func TestWaitRefreshError(t *testing.T) {
	boom := errors.New("boom")
	_, err := Wait(context.Background(), fast, func(context.Context) (Observation[string], error) {
		return Observation[string]{}, boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("want refresh error passed through, got %v", err)
	}
}

func TestWaitCancelledReturnsContextError(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	refresh := func(context.Context) (Observation[string], error) {
		cancel() // the user interrupts while we wait
		return Observation[string]{State: "CREATING", Phase: Pending}, nil
	}
	cfg := Config{MinInterval: time.Hour} // would block for an hour without cancellation
	_, err := Wait(ctx, cfg, refresh)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	var te *TimeoutError
	if errors.As(err, &te) {
		t.Fatal("a cancellation must not be reported as a timeout")
	}
}

func TestWaitBacksOffToCap(t *testing.T) {
	var gaps []time.Duration
	last := time.Now()
	refresh := func(context.Context) (Observation[string], error) {
		now := time.Now()
		gaps = append(gaps, now.Sub(last))
		last = now
		if len(gaps) == 6 {
			return Observation[string]{Phase: Done}, nil
		}
		return Observation[string]{Phase: Pending}, nil
	}
	polls := 0
	cfg := Config{MinInterval: time.Millisecond, MaxInterval: 4 * time.Millisecond, OnPoll: func(string, int) { polls++ }}
	if _, err := Wait(context.Background(), cfg, refresh); err != nil {
		t.Fatal(err)
	}
	if polls != 6 {
		t.Fatalf("OnPoll called %d times, want 6", polls)
	}
	// Gaps grow 1,2,4,4,4 ms; each is at least the scheduled interval.
	want := []time.Duration{0, time.Millisecond, 2 * time.Millisecond, 4 * time.Millisecond, 4 * time.Millisecond, 4 * time.Millisecond}
	for i, w := range want {
		if gaps[i] < w {
			t.Fatalf("gap %d = %s, want at least %s", i, gaps[i], w)
		}
	}
}

func TestPollTimes(t *testing.T) {
	s := time.Second
	cases := []struct {
		name string
		cfg  Config
		want []time.Duration
	}{
		{"first soon, then doubling to the cap",
			Config{InitialDelay: s / 2, MinInterval: s, MaxInterval: 8 * s},
			[]time.Duration{s / 2, 3 * s / 2, 7 * s / 2, 15 * s / 2, 31 * s / 2, 47 * s / 2, 63 * s / 2}},
		{"unset interval is one second, unset cap keeps it", Config{}, []time.Duration{0, s, 2 * s, 3 * s}},
		{"cap below the interval is the interval", Config{MinInterval: 2 * s, MaxInterval: s}, []time.Duration{0, 2 * s, 4 * s, 6 * s}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := PollTimes(tc.cfg, len(tc.want))
			for i := range tc.want {
				if got[i] != tc.want[i] {
					t.Fatalf("PollTimes = %v, want %v", got, tc.want)
				}
			}
		})
	}
}
