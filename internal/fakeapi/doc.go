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
package fakeapi
