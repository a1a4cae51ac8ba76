package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// accEnv is one acceptance test's world: an emulator on a random loopback
// port and the provider, served in-process to the real terraform binary.
type accEnv struct {
	api        *fakeapi.Server
	url        string
	token      string
	userAgents *stringLog
}

// accWait polls fast so acceptance tests spend milliseconds, not seconds,
// waiting on the emulator's (short) provisioning delay.
var accWait = WaitTiming{First: 10 * time.Millisecond, Min: 10 * time.Millisecond, Max: 100 * time.Millisecond}

// newAccEnv starts an emulator for t. Options default to a short delay so
// every waiter path (pending, then ready) is exercised.
func newAccEnv(t *testing.T, opts fakeapi.Options) *accEnv {
	t.Helper()
	if opts.ProvisioningDelay == 0 {
		opts.ProvisioningDelay = 150 * time.Millisecond
	}
	if opts.Token == "" {
		opts.Token = "acc-token-" + strings.ReplaceAll(t.Name(), "/", "-")
	}
	api := fakeapi.New(opts)
	uas := &stringLog{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		uas.add(r.UserAgent())
		api.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return &accEnv{api: api, url: srv.URL, token: opts.Token, userAgents: uas}
}

// factories serves this provider to terraform via plugin reattach.
func (e *accEnv) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"do": providerserver.NewProtocol6WithError(NewWithOptions("test", Options{Wait: accWait})()),
	}
}

// providerBlock configures the provider for the emulator, with retry waits
// short enough for tests.
func (e *accEnv) providerBlock() string {
	return fmt.Sprintf(`
provider "do" {
  token               = %q
  api_endpoint        = %q
  http_retry_wait_min = 0.01
  http_retry_wait_max = 0.05
}
`, e.token, e.url)
}

// only returns the single attachment the emulator holds, failing otherwise.
func (e *accEnv) only(t *testing.T) fakeapi.Attachment {
	t.Helper()
	all := e.api.Attachments()
	if len(all) != 1 {
		t.Fatalf("emulator holds %d attachments, want 1", len(all))
	}
	return all[0]
}

// checkNoneLeft is a CheckDestroy: nothing may be left in the emulator.
func (e *accEnv) checkNoneLeft(*terraform.State) error {
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
