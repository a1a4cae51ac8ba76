package apiclient

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestBackoffHonoursTheServer(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	backoff := backoffWith(func() time.Time { return now })
	headers := func(kv ...string) *http.Response {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return &http.Response{StatusCode: http.StatusTooManyRequests, Header: h}
	}
	reset := strconv.FormatInt(now.Add(42*time.Second).Unix(), 10)
	cases := []struct {
		name string
		resp *http.Response
		want time.Duration
	}{
		{"exponential without hints", nil, 4 * time.Second},
		{"Retry-After seconds", headers("Retry-After", "7"), 7 * time.Second},
		{"Retry-After date", headers("Retry-After", now.Add(9*time.Second).UTC().Format(http.TimeFormat)), 9 * time.Second},
		{"Retry-After wins over reset", headers("Retry-After", "3", headerRemaining, "0", headerReset, reset), 3 * time.Second},
		{"quota used up: until reset", headers(headerRemaining, "0", headerReset, reset), 42 * time.Second},
		{"quota left: reset ignored", headers(headerRemaining, "5", headerReset, reset), 4 * time.Second},
		{"reset in the past", headers(headerRemaining, "0", headerReset, strconv.FormatInt(now.Unix()-5, 10)), 0},
		{"beyond max is still honoured", headers("Retry-After", "90"), 90 * time.Second},
		{"Retry-After counts from the answer", headers("Retry-After", "7", headerReceivedAt, now.Add(-5*time.Second).Format(time.RFC3339Nano)), 2 * time.Second},
		{"Retry-After long past", headers("Retry-After", "7", headerReceivedAt, now.Add(-time.Minute).Format(time.RFC3339Nano)), 0},
	}
	for _, tc := range cases {
		if got := backoff(time.Second, 30*time.Second, 2, tc.resp); got != tc.want {
			t.Errorf("%s: waited %v, want %v", tc.name, got, tc.want)
		}
	}
}
