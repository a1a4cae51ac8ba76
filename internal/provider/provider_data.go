package provider

import (
	"fmt"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// providerData is what Configure hands every resource and data source.
type providerData struct {
	client *godo.Client
	wait   WaitTiming
}

// WaitTiming says how attachments are polled while they settle: a first poll
// soon after the request, then gaps that double up to a cap.
type WaitTiming struct {
	First time.Duration
	Min   time.Duration
	Max   time.Duration
}

func (w WaitTiming) withDefaults() WaitTiming {
	if w.First <= 0 {
		w.First = 500 * time.Millisecond
	}
	if w.Min <= 0 {
		w.Min = 500 * time.Millisecond
	}
	if w.Max <= 0 {
		w.Max = 5 * time.Second
	}
	return w
}

// configuredData extracts providerData in a Configure method. It returns nil
// (and no error) before the provider is configured, which happens during
// validation.
func configuredData(raw any, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", raw))
		return nil
	}
	return data
}
