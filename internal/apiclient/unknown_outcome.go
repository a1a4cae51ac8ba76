package apiclient

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/digitalocean/godo"
)

// Requests whose outcome is unknown: a create (POST) or update (PATCH) whose
// answer was lost, or was a 429 or 5xx that a server may send after acting.
// The outcome checks find out whether it took effect. The retry policy
// (retryPolicy in client.go) sends such a request again only when its check,
// given with WithOutcomeCheck, says that nothing happened.

// OutcomeCheck finds out whether a non-idempotent request whose outcome is
// unknown (the connection dropped, or the API answered 429 or 5xx after
// possibly acting) took effect. It is called before every retry of such a
// request and after its last attempt; an error counts as "maybe", which
// stops retrying.
type OutcomeCheck func(ctx context.Context) (tookEffect bool, err error)

type outcomeCheckKey struct{}

// WithOutcomeCheck returns a context under which POST and PATCH requests
// are retried after an unknown outcome, provided check reports that nothing
// happened. Without one, such a request is never retried.
func WithOutcomeCheck(ctx context.Context, check OutcomeCheck) context.Context {
	return context.WithValue(ctx, outcomeCheckKey{}, check)
}

// OutcomeUnknown reports whether err leaves open whether the API acted on a
// request: no answer at all (dropped connection, timeout, cancellation), or
// an answer (429, 5xx other than 501) that a server may send after acting.
func OutcomeUnknown(err error) bool {
	if err == nil {
		return false
	}
	if e, ok := AsAPIError(err); ok {
		return e.Status == http.StatusTooManyRequests ||
			(e.Status >= 500 && e.Status != http.StatusNotImplemented)
	}
	// Not an answer from the API: the request may or may not have arrived.
	return true
}

// NameLookup finds the attachment a create may have made. Names are unique
// in an account, so the name identifies it. It remembers the first match:
// once found, the create is never sent again.
type NameLookup struct {
	api  *Attachments
	name string

	mu    sync.Mutex
	calls int
	found *godo.PartnerAttachment
}

// NewNameLookup returns the lookup for a create of an attachment named name.
func (a *Attachments) NewNameLookup(name string) *NameLookup {
	return &NameLookup{api: a, name: name}
}

// Name is the name looked for.
func (l *NameLookup) Name() string { return l.name }

// Check is the create's OutcomeCheck, consulted before each retry.
func (l *NameLookup) Check(ctx context.Context) (bool, error) {
	a, err := l.Find(ctx)
	return a != nil, err
}

// Find returns the attachment with the name, nil if there is none.
func (l *NameLookup) Find(ctx context.Context) (*godo.PartnerAttachment, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls++
	if l.found != nil {
		return l.found, nil
	}
	a, err := l.api.FindByName(ctx, l.name)
	if a != nil {
		l.found = a
	}
	return a, err
}

// Consulted reports whether the lookup has been used (by a retry's check).
func (l *NameLookup) Consulted() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.calls > 0
}

// UpdateOnce sends a PATCH so that a change is made once. A PATCH that took
// effect starts an operation (UPDATING) during which the API refuses
// further changes, so a blind retry of one whose answer was lost would
// fail. Instead the attachment is looked at before any retry, and after the
// last attempt: if it is updating or already shows the change, the PATCH
// took effect and UpdateOnce returns nil.
func (a *Attachments) UpdateOnce(ctx context.Context, id string, body AttachmentUpdate) error {
	check := func(ctx context.Context) (bool, error) { return a.patchApplied(ctx, id, body) }
	_, err := a.Update(WithOutcomeCheck(ctx, check), id, body)
	if err == nil || !OutcomeUnknown(err) {
		return err
	}
	applied, checkErr := check(ctx)
	switch {
	case checkErr != nil:
		return fmt.Errorf("%s\n\nWhether the change was made is unknown: reading the attachment failed too:\n%s",
			Describe(ctx, err), Describe(ctx, checkErr))
	case !applied:
		return err
	}
	return nil
}

// patchApplied reports whether attachment id is in an operation (the PATCH
// started one) or already shows every change in body. The BGP auth key is
// only compared (fetched) when everything else matches.
func (a *Attachments) patchApplied(ctx context.Context, id string, body AttachmentUpdate) (bool, error) {
	got, err := a.Get(ctx, id)
	if err != nil {
		return false, err
	}
	if IsPending(got.State) {
		return true, nil
	}
	if (body.Name != "" && got.Name != body.Name) || (body.VPCIDs != nil && !sameSet(got.VPCIDs, body.VPCIDs)) {
		return false, nil
	}
	if body.BGP == nil {
		return true, nil
	}
	b := got.BGP
	if b.LocalRouterIP != body.BGP.LocalRouterIP || b.PeerRouterIP != body.BGP.PeerRouterIP || int64(b.PeerASN) != body.BGP.PeerRouterASN {
		return false, nil
	}
	key, err := a.BGPAuthKey(ctx, id)
	if err != nil {
		return false, err
	}
	return key == body.BGP.AuthKey, nil
}

// Differs lists the attributes in which an existing attachment differs from
// a create request, so that a lost create adopts only the attachment it
// made. The API never returns the BGP auth key with the attachment, so it
// is fetched when BGP is configured; the answer names attributes only,
// never values.
func (a *Attachments) Differs(ctx context.Context, existing *godo.PartnerAttachment, req *godo.PartnerAttachmentCreateRequest) ([]string, error) {
	var out []string
	add := func(differs bool, attr string) {
		if differs {
			out = append(out, attr)
		}
	}
	add(existing.Name != req.Name, "name")
	add(!strings.EqualFold(existing.Region, req.Region), "region")
	add(existing.ConnectionBandwidthInMbps != req.ConnectionBandwidthInMbps, "connection_bandwidth_in_mbps")
	add(!strings.EqualFold(existing.NaaSProvider, req.NaaSProvider), "naas_provider")
	add(!sameSet(existing.VPCIDs, req.VPCIDs), "vpc_ids")
	// Unset in the configuration, the zone is the API's choice.
	add(req.RedundancyZone != "" && !strings.EqualFold(existing.RedundancyZone, req.RedundancyZone), "redundancy_zone")
	add(existing.ParentUuid != req.ParentUuid, "parent_uuid")

	want, have := req.BGP, existing.BGP
	if want == (godo.BGP{}) {
		add(have.LocalRouterIP != "" || have.PeerRouterIP != "" || have.PeerASN != 0, "bgp")
		return out, nil
	}
	add(have.LocalRouterIP != want.LocalRouterIP, "bgp.local_router_ip")
	add(have.PeerRouterIP != want.PeerRouterIP, "bgp.peer_router_ip")
	add(have.PeerASN != want.PeerASN, "bgp.peer_router_asn")
	if len(out) > 0 {
		return out, nil // different already: no need to fetch a secret
	}
	key, err := a.BGPAuthKey(ctx, existing.ID)
	if err != nil {
		return nil, err
	}
	add(key != want.AuthKey, "bgp.auth_key")
	return out, nil
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
