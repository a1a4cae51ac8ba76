package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// liveAPI is what an accEnv holds in live mode.
type liveAPI struct {
	// client talks to the target directly (not through the proxy, so its
	// requests do not count as the provider's in userAgents).
	client *godo.Client
	token  string
}

// liveUserAgent names the harness's own requests in the API's logs.
const liveUserAgent = "terraform-provider-do-acctest"

// startLive points e at target through a loopback reverse proxy that records
// user agents, as the emulator's server does, so checks on the provider's
// requests work in both modes. The token travels only over loopback to the
// proxy, then over the target's own scheme.
func (e *accEnv) startLive(t *testing.T, target *liveTarget, opts fakeapi.Options) {
	t.Helper()
	if set := nonZeroFields(opts); len(set) > 0 {
		t.Skipf("needs the emulator (it sets fakeapi.Options %s); skipped in live mode (%s=1)", strings.Join(set, ", "), envLive)
	}
	if len(target.vpcIDs) < 2 {
		t.Skipf("live mode (%s=1) creates attachments in real VPCs: set %s to two VPC ids in region nyc, comma-separated", envLive, envVPCIDs)
	}
	base, err := url.Parse(target.cfg.APIEndpoint)
	if err != nil {
		t.Fatalf("live API endpoint: %v", err)
	}
	cfg := target.cfg
	cfg.UserAgent = liveUserAgent
	client, err := apiclient.New(cfg)
	if err != nil {
		t.Fatalf("live API client: %v", err)
	}
	proxy := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) { r.SetURL(base) }}
	srv := httptest.NewServer(recordUserAgents(e.userAgents, proxy))
	t.Cleanup(srv.Close)
	e.url, e.token = srv.URL, target.cfg.Token
	e.live = &liveAPI{client: client, token: target.cfg.Token}
}

// nonZeroFields names the fields of opts that are set.
func nonZeroFields(opts fakeapi.Options) []string {
	v := reflect.ValueOf(opts)
	var set []string
	for i := range v.NumField() {
		if !v.Field(i).IsZero() {
			set = append(set, v.Type().Field(i).Name)
		}
	}
	return set
}

// liveProviderBlock points the provider at the proxy with production retry
// waits. The live token is left to the environment (DIGITALOCEAN_TOKEN) so it
// is never written into a configuration file; a test that sets env.token to
// something else (a wrong token) gets that written.
func (e *accEnv) liveProviderBlock() string {
	token := ""
	if e.token != e.live.token {
		token = fmt.Sprintf("  token        = %q\n", e.token)
	}
	return fmt.Sprintf("\nprovider \"do\" {\n  api_endpoint = %q\n%s}\n", e.url, token)
}

// ownsName reports whether name was made by e.name (possibly renamed with
// something appended, as tests do).
func (e *accEnv) ownsName(name string) bool {
	return strings.HasPrefix(name, accNamePrefix) && strings.Contains(name, "-"+e.suffix)
}

// liveMine lists every attachment (all pages) and keeps this test's.
func (e *accEnv) liveMine(ctx context.Context) ([]*godo.PartnerAttachment, error) {
	all, err := apiclient.NewAttachments(e.live.client).ListAll(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing partner attachments: %s", apiclient.Describe(ctx, err))
	}
	var mine []*godo.PartnerAttachment
	for _, a := range all {
		if e.ownsName(a.Name) {
			mine = append(mine, a)
		}
	}
	return mine, nil
}

func (e *accEnv) liveOnly(t *testing.T) fakeapi.Attachment {
	t.Helper()
	mine, err := e.liveMine(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(mine) != 1 {
		t.Fatalf("the API holds %d attachments named for this test (%s*-%s, as env.name makes them), want 1", len(mine), accNamePrefix, e.suffix)
	}
	a, err := e.asSnapshot(t.Context(), mine[0])
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// asSnapshot converts an API answer to the emulator's snapshot type, so that
// checks written against env.only work in both modes. The BGP auth key, which
// the attachment itself never shows, is read from its own endpoint; remote
// routes are not fetched.
func (e *accEnv) asSnapshot(ctx context.Context, a *godo.PartnerAttachment) (fakeapi.Attachment, error) {
	out := fakeapi.Attachment{
		ID: a.ID, Name: a.Name, State: a.State, ConnectionBandwidthInMbps: a.ConnectionBandwidthInMbps,
		Region: a.Region, NaaSProvider: a.NaaSProvider, VPCIDs: a.VPCIDs, RedundancyZone: a.RedundancyZone,
		ParentUUID: a.ParentUuid, Children: a.Children, CreatedAt: a.CreatedAt,
	}
	if a.BGP == (godo.BGP{}) {
		return out, nil
	}
	key, _, err := e.live.client.PartnerAttachment.GetBGPAuthKey(ctx, a.ID)
	if err != nil {
		return out, fmt.Errorf("reading the BGP auth key of %s: %s", a.ID, apiclient.Describe(ctx, err))
	}
	out.BGP = &fakeapi.BGP{LocalASN: a.BGP.LocalASN, LocalRouterIP: a.BGP.LocalRouterIP, PeerASN: a.BGP.PeerASN, PeerRouterIP: a.BGP.PeerRouterIP, AuthKey: key.Value}
	return out, nil
}

// liveCheckNoneLeft asks the API about every attachment in the state from
// before the destroy (each must answer 404), then lists every attachment to
// catch any this test created that the state lost track of.
func (e *accEnv) liveCheckNoneLeft(s *terraform.State) error {
	ctx := context.Background()
	var errs []error
	api := apiclient.NewAttachments(e.live.client)
	for _, id := range attachmentIDs(s) {
		a, err := api.Get(ctx, id)
		switch {
		case err == nil:
			errs = append(errs, fmt.Errorf("attachment %s (%s) still exists after destroy, state %s", a.ID, a.Name, a.State))
		case !apiclient.IsNotFound(err):
			errs = append(errs, fmt.Errorf("checking attachment %s: %s", id, apiclient.Describe(ctx, err)))
		}
	}
	mine, err := e.liveMine(ctx)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	for _, a := range mine {
		// A list may lag deletions (eventual consistency): only what a GET
		// still finds is left.
		if _, err := api.Get(ctx, a.ID); apiclient.IsNotFound(err) {
			continue
		}
		errs = append(errs, fmt.Errorf("attachment %s (%s) named by this test is left after destroy, state %s", a.ID, a.Name, a.State))
	}
	return errors.Join(errs...)
}

// attachmentIDs are the ids of every do_partner_attachment in s.
func attachmentIDs(s *terraform.State) []string {
	var ids []string
	if s == nil {
		return nil
	}
	for _, m := range s.Modules {
		for _, rs := range m.Resources {
			if rs.Type == "do_partner_attachment" && rs.Primary != nil && rs.Primary.ID != "" {
				ids = append(ids, rs.Primary.ID)
			}
		}
	}
	return ids
}
