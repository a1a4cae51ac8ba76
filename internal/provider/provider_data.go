package provider

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

// providerData is what Configure hands every resource and data source.
type providerData struct {
	client *godo.Client
	// api is the checked surface over client for attachments: every call
	// that reads or writes one goes through it.
	api  *apiclient.Attachments
	wait WaitTiming
	// reads serves the resource's Reads from the list when many arrive;
	// nil (as in tests that build providerData by hand) means GET each.
	reads *attachmentReadCache
	// token is kept only to mask it in logs (see withSecrets).
	token string
	// zones are the attachments' zones seen so far, for the HA pair check.
	zones seenZones
}

// newProviderData wires a configured client to a read cache: every write
// the client sends invalidates the cache (see writeObserver).
func newProviderData(client *godo.Client, wait WaitTiming) *providerData {
	api := apiclient.NewAttachments(client)
	d := &providerData{client: client, api: api, wait: wait.withDefaults(), reads: newAttachmentReadCache(api)}
	next := client.HTTPClient.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	client.HTTPClient.Transport = writeObserver{next: next, onWrite: d.reads.invalidate}
	return d
}

// readAttachment is the resource's Read lookup: a listed value when the read
// cache holds a current one, else a GET. Waiters call the client directly.
func (d *providerData) readAttachment(ctx context.Context, id string) (*godo.PartnerAttachment, error) {
	if d.reads != nil {
		return d.reads.read(ctx, id)
	}
	return d.api.Get(ctx, id)
}

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
// An operation that takes 3 s is seen within 0.5 s; one that takes 60 s is
// seen at 63.5 s after 11 GETs, where a fixed 5-second poll needs 12. A
// 5-second cap cannot do both: covering 60 s in 5-second steps already takes
// 12 GETs before any early poll is added, so the cap is 8 s, which also
// bounds the lag of longer operations (make bench measures both targets).
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
