package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

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
	reads *apiclient.ReadCache
	// polls answers the waits in flight together (one list for many);
	// nil (tests that build providerData by hand) means a GET each.
	polls *apiclient.Poller
	// settled is how long waits of each kind took, for later waits' first
	// poll (see settleTimes).
	settled *settleTimes
	// token is kept only to mask it in logs (see withSecrets).
	token string
	// zones are the attachments' zones seen so far, for the HA pair check.
	zones seenZones
	// checks is this walk's record for the plan-time name and parent
	// checks (partner_attachment_plan_checks.go); nil in tests that build
	// providerData by hand, which then skip them.
	checks *planChecks
}

// seenZones records the redundancy zone of every attachment this provider
// has read or written in one command, for the HA pair check.
type seenZones struct {
	mu    sync.Mutex
	zones map[string]string // attachment ID -> zone
}

func (s *seenZones) record(id, zone types.String) {
	if id.ValueString() == "" || zone.ValueString() == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.zones == nil {
		s.zones = map[string]string{}
	}
	s.zones[id.ValueString()] = zone.ValueString()
}

// of is id's zone, "" when unknown.
func (s *seenZones) of(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.zones[id]
}

// newProviderData wires a configured client to a read cache: every write
// the client sends invalidates the cache (apiclient.ObserveWrites).
func newProviderData(client *godo.Client, wait WaitTiming) *providerData {
	api := apiclient.NewAttachments(client)
	d := &providerData{client: client, api: api, wait: wait.withDefaults(), reads: apiclient.NewReadCache(api), polls: apiclient.NewPoller(api), settled: &settleTimes{}}
	d.checks = newPlanChecks(d.reads)
	apiclient.ObserveWrites(client, d.reads.Invalidate)
	return d
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
		report(context.Background(), diags, diagnostic{Op: opConfiguring, Subject: subjectProvider, Problem: problemProviderData,
			Detail: providerBug(fmt.Sprintf("Expected *providerData, got %T.", raw))})
		return nil
	}
	return data
}

// pollAttachment is a wait's look at attachment id, as the API shows it
// now: through the poller, which answers the waits in flight together.
func (d *providerData) pollAttachment(ctx context.Context, id string) (*godo.PartnerAttachment, error) {
	if d.polls != nil {
		return d.polls.Get(ctx, id)
	}
	return d.api.Get(ctx, id)
}

// trackWait tells the poller that a wait has begun; call what it returns
// when the wait ends.
func (d *providerData) trackWait() (done func()) {
	if d.polls == nil {
		return func() {}
	}
	return d.polls.Track()
}

// readAttachment is the resource's Read lookup: a listed value when the read
// cache holds a current one, else a GET. Waits use pollAttachment.
func (d *providerData) readAttachment(ctx context.Context, id string) (*godo.PartnerAttachment, error) {
	if d.reads != nil {
		return d.reads.Read(ctx, id)
	}
	return d.api.Get(ctx, id)
}

// withSecrets returns ctx with the API token and the given values (BGP auth
// keys, service keys) masked in every log line written under it, by this
// provider's code and by the API client alike. Masks live on the context and
// every operation gets a fresh one, so each operation calls this first.
func (d *providerData) withSecrets(ctx context.Context, secrets ...string) context.Context {
	if d == nil { // not configured yet: there is no token to mask
		return apiclient.WithSecrets(ctx, secrets...)
	}
	return apiclient.WithSecrets(ctx, append(secrets, d.token)...)
}
