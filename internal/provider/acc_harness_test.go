package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// accEnv is one acceptance test's world: the API it talks to and the
// provider, served in-process to the real terraform binary. By default the
// API is an emulator of the test's own on a random loopback port; in live
// mode (DO_ACC_LIVE=1, acc_live_target_test.go) it is the real API, reached
// through a recording proxy on loopback.
type accEnv struct {
	// api is the test's emulator. It is nil in live mode: a test that uses
	// it (Seed, faults, out-of-band edits, Journal, Count, ServiceKey...)
	// must call requireEmulator first.
	api        *fakeapi.Server
	url        string // what the provider block points at
	token      string
	userAgents *stringLog
	// suffix ends every name from name(): random, so parallel runs (and
	// other people's runs on the same account) never collide.
	suffix string
	live   *liveAPI // nil on the emulator
}

// accWait polls fast so acceptance tests spend milliseconds, not seconds,
// waiting on the emulator's (short) provisioning delay. Live mode uses the
// provider's production timings instead.
var accWait = WaitTiming{First: 10 * time.Millisecond, Min: 10 * time.Millisecond, Max: 100 * time.Millisecond}

// newAccEnv starts an emulator for t. Options default to a short delay so
// every waiter path (pending, then ready) is exercised. In live mode it
// connects to the real API instead, and skips t if opts configure the
// emulator (a test that needs such settings needs the emulator).
func newAccEnv(t *testing.T, opts fakeapi.Options) *accEnv {
	t.Helper()
	e := &accEnv{userAgents: &stringLog{}, suffix: acctest.RandString(8)}
	if accLive != nil {
		e.startLive(t, accLive, opts)
		return e
	}
	if opts.ProvisioningDelay == 0 {
		opts.ProvisioningDelay = 150 * time.Millisecond
	}
	if opts.Token == "" {
		opts.Token = "acc-token-" + strings.ReplaceAll(t.Name(), "/", "-")
	}
	e.api = fakeapi.New(opts)
	srv := httptest.NewServer(recordUserAgents(e.userAgents, e.api))
	t.Cleanup(srv.Close)
	e.url, e.token = srv.URL, opts.Token
	return e
}

// recordUserAgents notes the User-Agent of every request before passing it on.
func recordUserAgents(log *stringLog, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r.UserAgent())
		next.ServeHTTP(w, r)
	})
}

// name is the name for something this test creates: the test prefix (which
// the sweeper looks for), what, and the env's random suffix.
func (e *accEnv) name(what string) string {
	return accNamePrefix + what + "-" + e.suffix
}

// requireEmulator skips t in live mode. Call it right after newAccEnv in any
// test that uses env.api, saying what the test does that only the emulator
// allows, e.g. env.requireEmulator(t, "injects faults").
func (e *accEnv) requireEmulator(t *testing.T, reason string) {
	t.Helper()
	if e.live != nil {
		t.Skipf("needs the emulator (it %s); skipped in live mode (%s=1)", reason, envLive)
	}
}

// factories serves this provider to terraform via plugin reattach: with fast
// polling on the emulator, with production polling against the real API.
func (e *accEnv) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	opts := Options{Wait: accWait}
	if e.live != nil {
		opts = Options{}
	}
	return map[string]func() (tfprotov6.ProviderServer, error){
		"do": providerserver.NewProtocol6WithError(NewWithOptions("test", opts)()),
	}
}

// providerBlock configures the provider for the emulator, with retry waits
// short enough for tests; in live mode, see liveProviderBlock.
func (e *accEnv) providerBlock() string {
	if e.live != nil {
		return e.liveProviderBlock()
	}
	return e.providerBlockToken(strconv.Quote(e.token))
}

// providerBlockToken is the emulator's provider block with the token given
// as an HCL expression, such as var.do_token.
func (e *accEnv) providerBlockToken(expr string) string {
	return fmt.Sprintf(`
provider "do" {
  token               = %s
  api_endpoint        = %q
  http_retry_wait_min = 0.01
  http_retry_wait_max = 0.05
}
`, expr, e.url)
}

// only returns the single attachment this test holds, failing otherwise:
// the emulator's only attachment, or in live mode the only one named by
// this test (read through the API).
func (e *accEnv) only(t *testing.T) fakeapi.Attachment {
	t.Helper()
	if e.live != nil {
		return e.liveOnly(t)
	}
	all := e.api.Attachments()
	if len(all) != 1 {
		t.Fatalf("emulator holds %d attachments, want 1", len(all))
	}
	return all[0]
}

// checkNoneLeft is a CheckDestroy: nothing may be left in the emulator. In
// live mode: every attachment in the final state, and every one named by
// this test, must be gone from the API.
func (e *accEnv) checkNoneLeft(s *terraform.State) error {
	if e.live != nil {
		return e.liveCheckNoneLeft(s)
	}
	if all := e.api.Attachments(); len(all) != 0 {
		ids := make([]string, 0, len(all))
		for _, a := range all {
			ids = append(ids, a.ID+"("+a.State+")")
		}
		return fmt.Errorf("attachments left in the emulator after destroy: %s", strings.Join(ids, ", "))
	}
	return nil
}

type stringLog struct {
	mu   sync.Mutex
	seen []string
}

func (l *stringLog) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen = append(l.seen, s)
}

func (l *stringLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.seen...)
}

// compareEqual is statecheck's value comparer for "same value".
var compareEqual = compare.ValuesSame()

// attachmentsPath is the collection's path, as the emulator's journal records it.
const attachmentsPath = apiclient.AttachmentsPath
