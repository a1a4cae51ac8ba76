package provider

import (
	"testing"

	"github.com/pnc-tf/terraform-provider-do/internal/waiter"
)

func TestClassifyReady(t *testing.T) {
	cases := map[string]waiter.Phase{
		"CREATED": waiter.Done, "created": waiter.Done, "ACTIVE": waiter.Done, "active": waiter.Done, " Active ": waiter.Done,
		"CREATING": waiter.Pending, "UPDATING": waiter.Pending, "PENDING": waiter.Pending, "": waiter.Pending,
		"SOMETHING_NEW": waiter.Pending, "DELETING": waiter.Pending,
		"ERROR": waiter.Failed, "error": waiter.Failed, "FAILED": waiter.Failed, "CREATE_FAILED": waiter.Failed,
	}
	for state, want := range cases {
		if got := classifyReady(state); got != want {
			t.Errorf("classifyReady(%q) = %v, want %v", state, got, want)
		}
	}
}

func TestClassifyDeleting(t *testing.T) {
	cases := map[string]waiter.Phase{
		"DELETING": waiter.Pending, "deleting": waiter.Pending, "CREATED": waiter.Pending,
		"ERROR": waiter.Failed, "DELETE_FAILED": waiter.Failed,
	}
	for state, want := range cases {
		if got := classifyDeleting(state); got != want {
			t.Errorf("classifyDeleting(%q) = %v, want %v", state, got, want)
		}
	}
}
