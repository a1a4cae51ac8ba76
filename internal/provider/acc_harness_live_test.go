package provider

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/digitalocean/godo"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

func TestLiveTargetFromEnv(t *testing.T) {
	const token = "dop_v1_secret-live-token"
	cases := []struct {
		name    string
		env     map[string]string
		want    *liveTarget // compared on endpoint, token and VPC ids
		wantErr []string
	}{
		{name: "unset: the emulator", env: map[string]string{"DIGITALOCEAN_TOKEN": token}},
		{name: "0: the emulator", env: map[string]string{envLive: "0", "DIGITALOCEAN_TOKEN": token}},
		{name: "not a boolean", env: map[string]string{envLive: "yes please"}, wantErr: []string{"DO_ACC_LIVE must be 1", `"yes please"`}},
		{name: "no token", env: map[string]string{envLive: "1"}, wantErr: []string{"DO_ACC_LIVE=1", "Configuring the provider: missing API token", "DIGITALOCEAN_TOKEN"}},
		{
			name: "token: the public API, no VPCs yet", env: map[string]string{envLive: "1", "DIGITALOCEAN_TOKEN": token},
			want: &liveTarget{cfg: apiclient.Config{APIEndpoint: defaultAPIEndpoint, Token: token}},
		},
		{
			name: "the provider's fallbacks and a VPC list",
			env: map[string]string{
				envLive: "true", "DIGITALOCEAN_ACCESS_TOKEN": token, "DIGITALOCEAN_API_URL": "http://127.0.0.1:8080",
				envVPCIDs: " vpc-1, ,vpc-2,vpc-1 ",
			},
			want: &liveTarget{cfg: apiclient.Config{APIEndpoint: "http://127.0.0.1:8080", Token: token}, vpcIDs: []string{"vpc-1", "vpc-2"}},
		},
		{
			name: "a bad endpoint", env: map[string]string{envLive: "1", "DIGITALOCEAN_TOKEN": token, "DIGITALOCEAN_API_URL": "api.example"},
			wantErr: []string{"api_endpoint must be an absolute http or https URL", `"api.example"`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := liveTargetFromEnv(func(k string) string { return tc.env[k] })
			if len(tc.wantErr) > 0 {
				if err == nil {
					t.Fatalf("no error, want one saying %q", tc.wantErr)
				}
				for _, w := range tc.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not say %q", err, w)
					}
				}
				if strings.Contains(err.Error(), token) {
					t.Errorf("error shows the token: %q", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (got == nil) != (tc.want == nil) {
				t.Fatalf("live target %+v, want %+v", got, tc.want)
			}
			if got != nil && (got.cfg.APIEndpoint != tc.want.cfg.APIEndpoint || got.cfg.Token != tc.want.cfg.Token || !slices.Equal(got.vpcIDs, tc.want.vpcIDs)) {
				t.Errorf("endpoint %q, VPCs %q (token matches: %v); want %q, %q",
					got.cfg.APIEndpoint, got.vpcIDs, got.cfg.Token == token, tc.want.cfg.APIEndpoint, tc.want.vpcIDs)
			}
		})
	}
}

// liveEnvOn starts a live-mode accEnv whose "real API" is an emulator, the
// way `make testacc-live-emulator` runs the whole suite.
func liveEnvOn(t *testing.T, api *fakeapi.Server, suffix string) *accEnv {
	t.Helper()
	e := &accEnv{userAgents: &stringLog{}, suffix: suffix}
	e.startLive(t, &liveTarget{cfg: apiclient.Config{Token: api.Token(), APIEndpoint: api.URL()}, vpcIDs: []string{vpcA, vpcB}}, fakeapi.Options{})
	return e
}

// The live harness against an emulator standing in for the real API: the
// proxy records the provider's user agents (and only the provider's), only
// finds this test's attachment by name and reads its BGP key, checkNoneLeft
// asks the API, and the provider block keeps the live token out.
func TestLiveHarness(t *testing.T) {
	api := fakeapi.NewTestServer(t, fakeapi.Options{RateLimitPerMinute: -1})
	e := liveEnvOn(t, api, "aaaaaaaa")
	api.Seed(fakeapi.SeedAttachment{Name: "production-link"})
	api.Seed(fakeapi.SeedAttachment{Name: "tfacc-harness-zzzzzzzz"}) // another run's
	asProvider, err := apiclient.New(apiclient.Config{Token: e.token, APIEndpoint: e.url, UserAgent: "as-the-provider"})
	if err != nil {
		t.Fatal(err)
	}
	created, _, err := asProvider.PartnerAttachment.Create(t.Context(), &godo.PartnerAttachmentCreateRequest{
		Name: e.name("harness"), ConnectionBandwidthInMbps: 1000, Region: "nyc", NaaSProvider: "MEGAPORT", VPCIDs: []string{vpcA},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.only(t); got.ID != created.ID || got.Name != "tfacc-harness-aaaaaaaa" || got.BGP != nil || got.Region != "NYC" {
		t.Errorf("only = %+v, want the attachment created through the proxy", got)
	}
	if uas := e.userAgents.all(); len(uas) != 1 || !strings.HasPrefix(uas[0], "as-the-provider") {
		t.Errorf("user agents seen by the proxy: %q, want the provider's request only", uas)
	}

	st := stateWithAttachment(created.ID)
	err = e.checkNoneLeft(st)
	if err == nil || !strings.Contains(err.Error(), created.ID+" (tfacc-harness-aaaaaaaa) still exists") || !strings.Contains(err.Error(), "named by this test is left") {
		t.Errorf("checkNoneLeft with the attachment present: %v", err)
	}
	api.Rename(created.ID, "renamed-elsewhere")
	if err := e.checkNoneLeft(st); err == nil || strings.Contains(err.Error(), "named by this test") {
		t.Errorf("an attachment in the state must be found by id whatever its name: %v", err)
	}
	api.DeleteOutOfBand(created.ID)
	if err := e.checkNoneLeft(st); err != nil {
		t.Errorf("checkNoneLeft once gone: %v", err)
	}

	withKey := liveEnvOn(t, api, "bbbbbbbb")
	seedWithBGP(api, withKey.name("bgp"), "seeded-key")
	if got := withKey.only(t); got.BGP == nil || got.BGP.AuthKey != "seeded-key" || got.BGP.PeerASN != 133937 {
		t.Errorf("only's BGP = %+v, want the settings and the key read from its endpoint", got.BGP)
	}

	if block := e.providerBlock(); strings.Contains(block, api.Token()) || !strings.Contains(block, e.url) || strings.Contains(block, "http_retry") {
		t.Errorf("live provider block must point at the proxy, use production retries and leave the token to the environment:\n%s", block)
	}
	e.token = "dop_v1_wrong-token"
	if block := e.providerBlock(); !strings.Contains(block, `token        = "dop_v1_wrong-token"`) {
		t.Errorf("a token the test chose must be written:\n%s", block)
	}
}

// skipped runs f as a subtest and reports whether it skipped.
func skipped(t *testing.T, name string, f func(t *testing.T)) bool {
	var s bool
	t.Run(name, func(t *testing.T) {
		defer func() { s = t.Skipped() }()
		f(t)
	})
	return s
}

func TestLiveHarness_skips(t *testing.T) {
	api := fakeapi.NewTestServer(t, fakeapi.Options{})
	target := &liveTarget{cfg: apiclient.Config{Token: api.Token(), APIEndpoint: api.URL()}, vpcIDs: []string{vpcA, vpcB}}
	start := func(target *liveTarget, opts fakeapi.Options) func(t *testing.T) {
		return func(t *testing.T) { (&accEnv{userAgents: &stringLog{}}).startLive(t, target, opts) }
	}
	if !skipped(t, "emulator options", start(target, fakeapi.Options{ProvisioningDelay: time.Hour})) {
		t.Error("a test that configures the emulator must skip in live mode")
	}
	if !skipped(t, "one VPC", start(&liveTarget{cfg: target.cfg, vpcIDs: []string{vpcA}}, fakeapi.Options{})) {
		t.Error("live mode without two VPC ids must skip")
	}
	if skipped(t, "runs", start(target, fakeapi.Options{})) {
		t.Error("live mode with VPC ids and no emulator settings must run")
	}
	if !skipped(t, "requireEmulator live", func(t *testing.T) { liveEnvOn(t, api, "cccccccc").requireEmulator(t, "seeds attachments") }) {
		t.Error("requireEmulator must skip in live mode")
	}
	if skipped(t, "requireEmulator on the emulator", func(t *testing.T) { (&accEnv{api: api}).requireEmulator(t, "seeds attachments") }) {
		t.Error("requireEmulator must not skip on the emulator")
	}
	if got := nonZeroFields(fakeapi.Options{ReadyState: "ACTIVE", Logf: t.Logf}); !slices.Equal(got, []string{"ReadyState", "Logf"}) {
		t.Errorf("nonZeroFields = %q", got)
	}
}
