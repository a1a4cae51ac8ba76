package provider

import (
	"context"
	"testing"
	"time"

	"github.com/pnc-tf/terraform-provider-do/internal/waiter"
)

// The default polling schedule against the targets make bench measures: an
// operation that settles after 3 s is seen within 1 s; one that settles
// after 60 s within 5 s, using no more GETs than polling every 5 s would.
// This checks the schedule itself (poll times assuming instant answers);
// the bench measures the same against the emulator through Terraform.
func TestDefaultWaitTimingMeetsTargets(t *testing.T) {
	cfg := WaitTiming{}.withDefaults().config(context.Background(), 0, "id", "ready")
	polls := waiter.PollTimes(cfg, 100)
	for _, tc := range []struct {
		settles, maxLag time.Duration
		maxPolls        int
	}{
		{settles: 3 * time.Second, maxLag: time.Second, maxPolls: 100},
		{settles: time.Minute, maxLag: 5 * time.Second, maxPolls: 12}, // 5 s, 10 s, ... 60 s
	} {
		n, at := firstPollAfter(polls, tc.settles)
		if lag := at - tc.settles; lag > tc.maxLag || n > tc.maxPolls {
			t.Errorf("settling after %s is seen at %s by poll %d (lag %s); want lag <= %s within %d polls (schedule %v)",
				tc.settles, at, n, lag, tc.maxLag, tc.maxPolls, polls[:n])
		}
	}
	if polls[0] > time.Second {
		t.Errorf("first poll at %s; want it within a second of the request", polls[0])
	}
}

// firstPollAfter returns the number and time of the first poll at or after d.
func firstPollAfter(polls []time.Duration, d time.Duration) (int, time.Duration) {
	for i, p := range polls {
		if p >= d {
			return i + 1, p
		}
	}
	return len(polls), polls[len(polls)-1]
}
