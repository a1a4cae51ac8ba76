package apiclient

import (
	"strings"
	"testing"
)

func TestStates(t *testing.T) {
	cases := []struct {
		in                               string
		norm                             string
		ready, failed, deleting, pending bool
	}{
		{in: "CREATED", norm: StateActive, ready: true},
		{in: "created", norm: StateActive, ready: true},
		{in: "ACTIVE", norm: StateActive, ready: true},
		{in: "active", norm: StateActive, ready: true},
		{in: " Active ", norm: StateActive, ready: true},
		{in: "\tactive\n", norm: StateActive, ready: true},
		{in: "AVAILABLE", norm: StateActive, ready: true},
		{in: "READY", norm: StateActive, ready: true},
		{in: "CREATING", norm: "CREATING", pending: true},
		{in: "PROVISIONING", norm: "PROVISIONING", pending: true},
		{in: "provisioning", norm: "PROVISIONING", pending: true},
		{in: "UPDATING", norm: "UPDATING", pending: true},
		{in: "DELETING", norm: "DELETING", deleting: true},
		{in: "DEPROVISIONING", norm: "DEPROVISIONING", deleting: true},
		{in: "DELETED", norm: StateDeleted, deleting: true},
		{in: "deleted", norm: StateDeleted, deleting: true},
		{in: "ERROR", norm: "ERROR", failed: true},
		{in: "CREATE_FAILED", norm: "CREATE_FAILED", failed: true},
		{in: "failed", norm: "FAILED", failed: true},
		// No state at all is not ready, failed or deleting: keep waiting.
		{in: "", norm: "", pending: true},
		{in: "   ", norm: "", pending: true},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			if got := NormalizeState(tc.in); got != tc.norm {
				t.Errorf("NormalizeState(%q) = %q, want %q", tc.in, got, tc.norm)
			}
			if got := IsReady(tc.in); got != tc.ready {
				t.Errorf("IsReady(%q) = %v, want %v", tc.in, got, tc.ready)
			}
			if got := IsFailed(tc.in); got != tc.failed {
				t.Errorf("IsFailed(%q) = %v, want %v", tc.in, got, tc.failed)
			}
			if got := IsDeleting(tc.in); got != tc.deleting {
				t.Errorf("IsDeleting(%q) = %v, want %v", tc.in, got, tc.deleting)
			}
			if got := IsPending(tc.in); got != tc.pending {
				t.Errorf("IsPending(%q) = %v, want %v", tc.in, got, tc.pending)
			}
			// Each state is in exactly one class.
			n := 0
			for _, b := range []bool{IsReady(tc.in), IsFailed(tc.in), IsDeleting(tc.in), IsPending(tc.in)} {
				if b {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%q is in %d classes, want exactly one", tc.in, n)
			}
		})
	}
}

// FuzzNormalizeState: the canonical spelling is a fixed point, upper case
// and trimmed, and every state is in exactly the classes its spelling says.
func FuzzNormalizeState(f *testing.F) {
	for _, s := range []string{"CREATED", "created", "ACTIVE", "active", " Active ", "AVAILABLE", "READY", "CREATING",
		"PROVISIONING", "UPDATING", "DELETING", "DEPROVISIONING", "DELETED", "ERROR", "CREATE_FAILED", "DELETE_FAILED",
		"", " ", "\u00a0active\u3000", "ǅ", "ß", "ﬀ", "ı", "\xff", "actİve", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeState(s)
		if again := NormalizeState(n); again != n {
			t.Fatalf("NormalizeState(%q) = %q, but NormalizeState(%q) = %q", s, n, n, again)
		}
		if n != strings.ToUpper(n) || n != strings.TrimSpace(n) {
			t.Fatalf("NormalizeState(%q) = %q is not trimmed upper case", s, n)
		}
		ready, failed, deleting, pending := IsReady(s), IsFailed(s), IsDeleting(s), IsPending(s)
		if ready != (n == StateActive) {
			t.Fatalf("IsReady(%q) = %v, normalised %q", s, ready, n)
		}
		if ready && (failed || deleting) {
			t.Fatalf("%q is ready and failed (%v) or deleting (%v)", s, failed, deleting)
		}
		if pending == (ready || failed || deleting) {
			t.Fatalf("%q: pending %v, ready %v, failed %v, deleting %v", s, pending, ready, failed, deleting)
		}
		if IsReady(n) != ready || IsFailed(n) != failed || IsDeleting(n) != deleting || IsPending(n) != pending {
			t.Fatalf("%q and its normal form %q are in different classes", s, n)
		}
	})
}
