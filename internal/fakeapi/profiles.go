package fakeapi

import (
	"fmt"
	"slices"
	"strings"
)

// Profile names one reading of the API that the reference or DigitalOcean's
// documentation allows but that differs from the emulator's default. Profiles
// combine, except that at most one of each group of alternatives (the ready
// state spellings, the strict-delete statuses, the DigitalOcean rate-limit
// variants) may be selected.
type Profile string

// The profiles, in the order Profiles returns them.
const (
	// ProfileSpecExamples: GET/POST/PATCH answers spell a ready attachment
	// "CREATED"; the list answers "active" for the same attachment.
	ProfileSpecExamples Profile = "spec-examples"
	// ProfileActiveUpper: ready is "ACTIVE" everywhere.
	ProfileActiveUpper Profile = "active-upper"
	// ProfileActiveLower: ready is "active" everywhere.
	ProfileActiveLower Profile = "active-lower"
	// ProfileTransitional adds undocumented intermediate states before ready:
	// create goes CREATING -> PROVISIONING (from 1/3 of the delay) ->
	// UPDATING (from 2/3) -> ready; update goes UPDATING -> PROVISIONING
	// (from 1/2) -> ready; delete DELETING -> DEPROVISIONING (from 1/2) -> gone.
	ProfileTransitional Profile = "transitional"
	// ProfileDORateLimits: the ratelimit-* headers describe an hourly quota
	// (Options.HourlyLimit per Options.HourlyWindow) and a separate burst
	// limit (Options.RateLimitPerMinute per Options.RateLimitWindow) without
	// headers of its own answers 429 with Retry-After.
	ProfileDORateLimits Profile = "do-rate-limits"
	// ProfileDORateLimitsNoRetryAfter is ProfileDORateLimits whose burst 429
	// has no Retry-After header.
	ProfileDORateLimitsNoRetryAfter Profile = "do-rate-limits-no-retry-after"
	// ProfileEventual: for Options.ConsistencyLag a new attachment is missing
	// from GET (404) and the list, and a gone one is still listed.
	ProfileEventual Profile = "eventual"
	// ProfileStrictDelete: DELETE is refused with 409 while an operation is in
	// flight and for a parent that still has children.
	ProfileStrictDelete Profile = "strict-delete"
	// ProfileStrictDelete422 is ProfileStrictDelete answering 422.
	ProfileStrictDelete422 Profile = "strict-delete-422"
	// ProfileStrictDelete403 is ProfileStrictDelete answering 403.
	ProfileStrictDelete403 Profile = "strict-delete-403"
	// ProfileSparse omits optional fields from attachment bodies and adds
	// unknown ones; error bodies have no request_id.
	ProfileSparse Profile = "sparse"
	// ProfileServerZone: the API picks a redundancy zone when none is given:
	// MEGAPORT_BLUE, except a child (parent_uuid set) of a MEGAPORT_BLUE
	// parent gets MEGAPORT_RED.
	ProfileServerZone Profile = "server-zone"
	// ProfileDeletedVisible: a deleted attachment is answered with state
	// DELETED for Options.DeletedVisibleFor before it is gone.
	ProfileDeletedVisible Profile = "deleted-visible"
	// ProfileProxyFaults: every Options.ProxyFaultEvery-th request is mangled
	// by a proxy (HTML 502, HTML 503, truncated JSON, empty body, in turn).
	ProfileProxyFaults Profile = "proxy-faults"
	// ProfileWiderOffer: DigitalOcean offers more than the reference lists:
	// creates also accept region WiderOfferRegion, bandwidth
	// WiderOfferBandwidth and redundancy zone WiderOfferZone.
	ProfileWiderOffer Profile = "wider-offer"
)

// What ProfileWiderOffer accepts beyond the reference's lists.
const (
	WiderOfferRegion    = "syd"
	WiderOfferBandwidth = 20000
	WiderOfferZone      = "MEGAPORT_GREEN"
)

// profileDescriptions holds every profile, in order, with its one-line
// description.
var profileDescriptions = []struct {
	p    Profile
	desc string
}{
	{ProfileSpecExamples, `a ready attachment is "CREATED" in GET/POST/PATCH answers but "active" in the list, as in the spec's examples`},
	{ProfileActiveUpper, `a ready attachment is "ACTIVE" everywhere`},
	{ProfileActiveLower, `a ready attachment is "active" everywhere`},
	{ProfileTransitional, "undocumented intermediate states: CREATING, PROVISIONING, UPDATING on create; UPDATING, PROVISIONING on update; DELETING, DEPROVISIONING on delete"},
	{ProfileDORateLimits, "ratelimit-* headers describe the hourly quota; a header-less per-minute burst limit answers 429 with Retry-After"},
	{ProfileDORateLimitsNoRetryAfter, "like do-rate-limits, but the burst 429 has no Retry-After header"},
	{ProfileEventual, "eventual consistency: a new attachment is 404 and unlisted, a gone one still listed, for the consistency lag"},
	{ProfileStrictDelete, "DELETE answers 409 while an operation is in flight or the attachment still has children"},
	{ProfileStrictDelete422, "like strict-delete, answering 422"},
	{ProfileStrictDelete403, "like strict-delete, answering 403"},
	{ProfileSparse, "attachment bodies omit optional fields (empty redundancy_zone, children, unconfigured bgp) and carry unknown ones; error bodies lack request_id"},
	{ProfileServerZone, "the API picks a redundancy zone when none is given (MEGAPORT_BLUE, or MEGAPORT_RED for a child of a MEGAPORT_BLUE parent)"},
	{ProfileDeletedVisible, `a deleted attachment is answered with state "DELETED" for a while before it is gone`},
	{ProfileProxyFaults, "every Nth request is mangled by a proxy: HTML 502, HTML 503, truncated JSON, empty body, in turn"},
	{ProfileWiderOffer, "DigitalOcean offers more than the reference lists: creates also accept region syd, 20000 Mbps and redundancy zone MEGAPORT_GREEN"},
}

// exclusiveProfiles are groups of alternatives: at most one of each group may
// be selected.
var exclusiveProfiles = [][]Profile{
	{ProfileSpecExamples, ProfileActiveUpper, ProfileActiveLower},
	{ProfileDORateLimits, ProfileDORateLimitsNoRetryAfter},
	{ProfileStrictDelete, ProfileStrictDelete422, ProfileStrictDelete403},
}

// Profiles returns every profile, in the order of their declaration.
func Profiles() []Profile {
	out := make([]Profile, len(profileDescriptions))
	for i, d := range profileDescriptions {
		out[i] = d.p
	}
	return out
}

// Describe returns a one-line description of p ("" for an unknown profile).
func (p Profile) Describe() string {
	for _, d := range profileDescriptions {
		if d.p == p {
			return d.desc
		}
	}
	return ""
}

func (p Profile) known() bool { return slices.Contains(Profiles(), p) }

// ParseProfiles parses a comma-separated list of profile names. "" and
// "default" mean none; spaces around names are ignored and duplicates
// dropped. Unknown names and two alternatives of one group (e.g.
// active-upper and active-lower) are errors.
func ParseProfiles(s string) ([]Profile, error) {
	var out []Profile
	for name := range strings.SplitSeq(s, ",") {
		p := Profile(strings.TrimSpace(name))
		if p == "" || p == "default" || slices.Contains(out, p) {
			continue
		}
		out = append(out, p)
	}
	if err := checkProfiles(out); err != nil {
		return nil, err
	}
	return out, nil
}

// Combined returns the most profiles that combine: every profile, in
// Profiles order, except the later alternatives of each group.
func Combined() []Profile {
	var out []Profile
	for _, p := range Profiles() {
		if checkProfiles(append(slices.Clone(out), p)) == nil {
			out = append(out, p)
		}
	}
	return out
}

// checkProfiles rejects unknown profiles and conflicting alternatives.
func checkProfiles(ps []Profile) error {
	for _, p := range ps {
		if !p.known() {
			names := make([]string, 0, len(profileDescriptions))
			for _, k := range Profiles() {
				names = append(names, string(k))
			}
			return fmt.Errorf("unknown profile %q; known profiles: %s", p, strings.Join(names, ", "))
		}
	}
	set := newProfileSet(ps)
	for _, group := range exclusiveProfiles {
		var chosen []string
		for _, p := range group {
			if set[p] {
				chosen = append(chosen, string(p))
			}
		}
		if len(chosen) > 1 {
			return fmt.Errorf("profiles %s are alternatives; choose one", strings.Join(chosen, " and "))
		}
	}
	return nil
}

// profileSet is the selected profiles; the nil set is the default behaviour.
type profileSet map[Profile]bool

func newProfileSet(ps []Profile) profileSet {
	set := profileSet{}
	for _, p := range ps {
		set[p] = true
	}
	return set
}

// hasAny reports whether one of ps is selected.
func (set profileSet) hasAny(ps ...Profile) bool {
	return slices.ContainsFunc(ps, func(p Profile) bool { return set[p] })
}
