// Package fakeapi is an in-process emulator of DigitalOcean's Partner Network
// Connect API (/v2/partner_network_connect/attachments and its sub-resources),
// built from the public OpenAPI spec and the godo client that talks to it.
//
// It exists so the provider's tests can exercise the real HTTP client against
// realistic behaviour (asynchronous state changes, validation errors,
// pagination, rate limiting, dropped connections) without network access or
// an account. State changes are computed lazily from timestamps using an
// injectable clock, so tests can move time forward instead of sleeping.
//
// Typical use:
//
//	clock := fakeapi.NewFakeClock(time.Now())
//	srv := fakeapi.NewTestServer(t, fakeapi.Options{ProvisioningDelay: time.Minute, Now: clock.Now})
//	client, _ := godo.New(httpClientWithToken(srv.Token()), godo.SetBaseURL(srv.URL()))
//	... create ...
//	clock.Advance(time.Minute) // the attachment is now CREATED
//
// # Refusals
//
// A create or update is refused with 422 naming every problem: a value the
// reference's schema does not allow, a name another live attachment holds
// (DELETING ones included), and a parent_uuid that names no live attachment,
// one that is being deleted or in an error state, or one that is itself a
// child (an attachment has one level of children).
//
// # Latency
//
// Options.Latency (pnc-emulator -latency) delays every answer, as a distant
// API would: the request is rate limited on arrival, then waits the latency
// (in real time, even under a FakeClock), then acts (or meets an injected
// fault). 429s are delayed as well; a client that hangs up during the wait
// leaves the request unperformed and journalled without a status. Zero, the
// default, answers at once. Benchmarks use it to see how much of a command's
// wall time is spent waiting for the API rather than computing.
//
// # Profiles
//
// The reference leaves room for several readings of the API, and a client
// should survive all of them. Options.Profiles (pnc-emulator -profile) selects
// them; with none the emulator behaves as described above. Profiles combine,
// except that at most one of each group of alternatives may be chosen (the
// ready-state spellings, the strict-delete statuses, the DigitalOcean
// rate-limit variants). Timing is read from Options.Now, so every profile is
// deterministic under a FakeClock.
//
//   - spec-examples, active-upper, active-lower spell the ready state as the
//     spec's examples do ("CREATED" from GET/POST/PATCH but "active" in the
//     list), "ACTIVE" or "active"; they override Options.ReadyState. Pending
//     states stay upper case.
//   - transitional inserts undocumented states: a create goes CREATING,
//     PROVISIONING (from 1/3 of the delay), UPDATING (from 2/3), ready; an
//     update UPDATING, PROVISIONING (from 1/2), ready; a delete DELETING,
//     DEPROVISIONING (from 1/2), gone.
//   - do-rate-limits makes the ratelimit-* headers describe the hourly quota
//     (Options.HourlyLimit per Options.HourlyWindow) and adds a burst limit
//     (Options.RateLimitPerMinute per Options.RateLimitWindow) with no
//     headers of its own: its 429 carries the real hourly remaining and a
//     Retry-After; do-rate-limits-no-retry-after omits that Retry-After.
//     Going over the hourly quota is a 429 with remaining 0. Refused
//     requests use up neither quota.
//   - eventual hides a new attachment from GET, PATCH, DELETE and its
//     sub-resources (404) and from the list for Options.ConsistencyLag after
//     its create, and keeps listing a gone attachment, as last seen, for as
//     long after it disappeared; GET of it is 404 at once. Names and parents
//     are checked against the true state.
//   - strict-delete refuses DELETE with 409 while a create or update is in
//     flight, and of a parent whose children are not gone (DELETING ones
//     count); strict-delete-422 and strict-delete-403 answer 422 and 403.
//   - sparse leaves optional fields out of attachment bodies (an empty
//     redundancy_zone, children, and unconfigured BGP, which a single
//     attachment answers as {"local_asn": 65432} and a list entry omits),
//     adds unknown fields (urn, tags, extra), and drops request_id from error
//     bodies.
//   - server-zone picks a redundancy zone when a create gives none:
//     MEGAPORT_BLUE, or MEGAPORT_RED for a child of a MEGAPORT_BLUE parent.
//   - deleted-visible answers a deleted attachment, from GET and in the list,
//     with state DELETED for Options.DeletedVisibleFor before it is gone. A
//     DELETED attachment frees its name, is not its parent's child, and is
//     404 to PATCH, DELETE and the sub-resources. Transitions reports
//     StateDeleted both when the deletion completed and when it disappeared.
//   - proxy-faults spoils every Options.ProxyFaultEvery-th request (counting
//     all requests that pass rate limiting) as a proxy would, in turn: an
//     nginx HTML 502 or 503 page without acting (and without the API's
//     headers), then the real answer with its JSON cut in half, then the
//     real status with an empty body. The last two spoil only 2xx answers
//     with a body and otherwise pass the answer through. Spoiled requests
//     are recorded with fault kinds "proxy-502-html", "proxy-503-html",
//     "proxy-truncated" and "proxy-empty"; a proxy fault comes before any
//     queued or random fault. The next attempt of a spoiled request (same
//     method and URI) is never spoiled, nor counted.
//   - wider-offer: DigitalOcean offers more than the reference lists; creates
//     also accept region WiderOfferRegion (syd), WiderOfferBandwidth (20000
//     Mbps) and redundancy zone WiderOfferZone (MEGAPORT_GREEN).
//
// Options.PathPrefix (pnc-emulator -path-prefix) serves the API under a
// path, as an API gateway in front of DigitalOcean would: with "/do" the
// API is /do/v2/..., page links keep the prefix, and any request outside
// it is answered 404 without being acted on and journaled with Fault
// FaultOutsidePrefix. Journal paths are as the requests arrived.
package fakeapi
