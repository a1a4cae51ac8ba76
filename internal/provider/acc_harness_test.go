package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
	"github.com/pnc-tf/terraform-provider-do/internal/tfcli"
)

// TestMain reads the acceptance target (emulator, or the real API with
// DO_ACC_LIVE=1) once, then hands over to terraform-plugin-testing, which
// runs the sweepers instead of the tests when -sweep is given:
//
//	go test ./internal/provider -sweep=all   # what `make sweep` runs
//
// This is the package's only TestMain.
func TestMain(m *testing.M) {
	live, err := liveTargetFromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if live != nil {
		live.useVPCs()
		accLive = live
	}
	resource.TestMain(m)
}

// accEnv is one acceptance test's world: the API it talks to and the
// provider, served in-process to the real terraform binary. By default the
// API is an emulator of the test's own on a random loopback port; in live
// mode (DO_ACC_LIVE=1, see liveTarget below) it is the real API, reached
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
	// burstWindow is the emulator's rate-limit window, for the provider's
	// pacer to learn a burst limit in (0: the API's minute).
	burstWindow time.Duration
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
	e.burstWindow = opts.RateLimitWindow
	srv := httptest.NewServer(recordUserAgents(e.userAgents, e.api))
	t.Cleanup(srv.Close)
	// Under a path prefix the provider is pointed at the prefix, as a
	// user would point it at an API gateway.
	e.url, e.token = srv.URL+strings.TrimRight(opts.PathPrefix, "/"), opts.Token
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
	opts := Options{Wait: accWait, BurstWindow: e.burstWindow}
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

func (e *accEnv) config(blocks ...string) string {
	return e.providerBlock() + strings.Join(blocks, "\n")
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

// ---------------------------------------------------------------------------
// Configurations: the resource, data sources, the echo provider

const addr = "do_partner_attachment.test"

// VPC ids the tests attach; live mode replaces them with real ones
// (DO_ACC_VPC_IDS, see liveTarget.useVPCs).
var (
	vpcA = "c140286f-e6ce-4131-8b7b-df4590ce8d6a"
	vpcB = "994a2735-dc84-11e8-80bc-3cfdfea9fba1"
)

// attachmentConfig describes one do_partner_attachment block for a test.
type attachmentConfig struct {
	Name, Region, Provider string
	Bandwidth              int
	VPCs                   []string
	BGP                    *bgpConfig
	Extra                  string // further attributes, verbatim HCL
}

type bgpConfig struct {
	LocalIP, PeerIP string
	PeerASN         int64
	AuthKey         string
	// AuthKeyExpr, when set, is written instead of AuthKey as an HCL
	// expression (var.bgp_auth_key), keeping the key out of the text.
	AuthKeyExpr string
}

func baseAttachment(name string) attachmentConfig {
	return attachmentConfig{
		Name: name, Region: "nyc", Provider: "MEGAPORT", Bandwidth: 1000, VPCs: []string{vpcA},
		BGP: &bgpConfig{LocalIP: "169.254.0.1/29", PeerIP: "169.254.0.6/29", PeerASN: 64532, AuthKey: "initial-key-0xsNnb1"},
	}
}

// withoutBGP is baseAttachment without a BGP session: fewer requests.
func withoutBGP(name string) attachmentConfig {
	c := baseAttachment(name)
	c.BGP = nil
	return c
}

func (c attachmentConfig) hcl(label string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"do_partner_attachment\" %q {\n", label)
	fmt.Fprintf(&b, "  name = %q\n  region = %q\n  naas_provider = %q\n  connection_bandwidth_in_mbps = %d\n", c.Name, c.Region, c.Provider, c.Bandwidth)
	quoted := make([]string, len(c.VPCs))
	for i, v := range c.VPCs {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	fmt.Fprintf(&b, "  vpc_ids = [%s]\n", strings.Join(quoted, ", "))
	if c.BGP != nil {
		key := strconv.Quote(c.BGP.AuthKey)
		if c.BGP.AuthKeyExpr != "" {
			key = c.BGP.AuthKeyExpr
		}
		fmt.Fprintf(&b, "  bgp = {\n    local_router_ip = %q\n    peer_router_ip = %q\n    peer_router_asn = %d\n    auth_key = %s\n  }\n",
			c.BGP.LocalIP, c.BGP.PeerIP, c.BGP.PeerASN, key)
	}
	b.WriteString(c.Extra)
	b.WriteString("\n}\n")
	return b.String()
}

// dataBlock is a data block with the given arguments (verbatim HCL).
func dataBlock(typ, label string, args ...string) string {
	return fmt.Sprintf("data %q %q {\n  %s\n}\n", typ, label, strings.Join(args, "\n  "))
}

// seedWithBGP seeds a ready attachment with BGP settings and returns its id.
func seedWithBGP(api *fakeapi.Server, name, authKey string) string {
	return api.Seed(fakeapi.SeedAttachment{
		Name: name, VPCIDs: []string{vpcA},
		BGP: &fakeapi.BGP{LocalASN: 64532, LocalRouterIP: "169.254.0.1/29", PeerASN: 133937, PeerRouterIP: "169.254.0.6/29", AuthKey: authKey},
	})
}

// withEcho adds terraform-plugin-testing's echo provider, which copies an
// ephemeral value into a test-only resource's state so tests can see it.
func (e *accEnv) withEcho() map[string]func() (tfprotov6.ProviderServer, error) {
	f := e.factories()
	f["echo"] = echoprovider.NewProviderServer()
	return f
}

func echoConfig(env *accEnv, ephemeralBlock, ref string) string {
	return env.config(ephemeralBlock, fmt.Sprintf(`
provider "echo" {
  data = %s
}

resource "echo" "test" {}
`, ref))
}

var ephemeralVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)}

// ---------------------------------------------------------------------------
// Checks: the emulator's journal, state, plans and errors

// attachmentsPath is the collection's path, as the emulator's journal records it.
const attachmentsPath = apiclient.AttachmentsPath

// attachmentURLPath is the path of one attachment, as the journal records it.
func attachmentURLPath(id string) string { return attachmentsPath + "/" + id }

// entries returns the journal entries for which keep holds.
func (e *accEnv) entries(keep func(fakeapi.Entry) bool) []fakeapi.Entry {
	var out []fakeapi.Entry
	for _, en := range e.api.Journal() {
		if keep(en) {
			out = append(out, en)
		}
	}
	return out
}

// requestsTo returns the journal entries of method on exactly path.
func (e *accEnv) requestsTo(method, path string) []fakeapi.Entry {
	return e.entries(func(en fakeapi.Entry) bool { return en.Method == method && en.Path == path })
}

// byName returns the id of the attachment called name.
func (e *accEnv) byName(t *testing.T, name string) string {
	t.Helper()
	for _, a := range e.api.Attachments() {
		if a.Name == name {
			return a.ID
		}
	}
	t.Fatalf("no attachment named %q in the emulator", name)
	return ""
}

// checkOneInState: the emulator holds exactly one attachment, it is the one
// in state, and the create was sent posts times.
func (e *accEnv) checkOneInState(t *testing.T, posts int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		a := e.only(t)
		if got := s.RootModule().Resources[addr].Primary.ID; got != a.ID {
			return fmt.Errorf("state holds %q, the emulator %q", got, a.ID)
		}
		if n := e.api.Count(http.MethodPost, attachmentsPath); n != posts {
			return fmt.Errorf("create sent %d times, want %d", n, posts)
		}
		return nil
	}
}

// checkEveryPageOnce proves that every read of the list at path fetched
// pages 1..pages exactly once each, in order, at per_page 200, and that there
// was at least one read. Terraform reads a data source several times per
// step (plan, apply, refresh), so the journal holds one run per read.
func (e *accEnv) checkEveryPageOnce(path string, pages int) func(*terraform.State) error {
	return func(*terraform.State) error {
		var got []int
		for _, entry := range e.api.Journal() {
			if entry.Method != "GET" || entry.Path != path {
				continue
			}
			q, err := url.ParseQuery(entry.Query)
			if err != nil || q.Get("per_page") != "200" {
				return fmt.Errorf("list request %s: want per_page=200", entry)
			}
			page, _ := strconv.Atoi(q.Get("page"))
			got = append(got, page)
		}
		var want []int
		for len(want) < len(got) || len(want) == 0 {
			for p := 1; p <= pages; p++ {
				want = append(want, p)
			}
		}
		if !slices.Equal(got, want) {
			return fmt.Errorf("pages fetched from %s: %v; want each read to fetch pages 1..%d once: %v", path, got, pages, want)
		}
		return nil
	}
}

// compareEqual is statecheck's value comparer for "same value".
var compareEqual = compare.ValuesSame()

// expectSensitiveInPlan checks the plan JSON: attr of the data source at
// address is marked sensitive, whether it was read during the plan (prior
// state) or is read during apply (resource changes). Terraform keeps the
// value out of plan output and CLI logs because of that mark.
type expectSensitiveInPlan struct {
	address, attr string
}

func (c expectSensitiveInPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	found := false
	if req.Plan.PriorState != nil && req.Plan.PriorState.Values != nil {
		for _, r := range req.Plan.PriorState.Values.RootModule.Resources {
			if r.Address == c.address {
				found = true
				var doc map[string]any
				_ = json.Unmarshal(r.SensitiveValues, &doc)
				if doc[c.attr] != true {
					resp.Error = fmt.Errorf("%s.%s is not marked sensitive in the plan's prior state: %s", c.address, c.attr, r.SensitiveValues)
					return
				}
			}
		}
	}
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address == c.address {
			found = true
			if doc, _ := rc.Change.AfterSensitive.(map[string]any); doc[c.attr] != true {
				resp.Error = fmt.Errorf("%s.%s is not marked sensitive in the plan's changes: %v", c.address, c.attr, rc.Change.AfterSensitive)
				return
			}
		}
	}
	if !found {
		resp.Error = fmt.Errorf("%s is not in the plan", c.address)
	}
}

type knownValueFunc func(any) error

func (f knownValueFunc) CheckValue(v any) error { return f(v) }
func (f knownValueFunc) String() string         { return "custom check" }

// wrapped matches text literally, as Terraform prints it: wrapped at any
// space.
func wrapped(text string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(regexp.QuoteMeta(text), " ", `\s+`))
}

// createFault applies f to create requests only.
func createFault(f fakeapi.Fault) fakeapi.Fault {
	f.Match = fakeapi.MatchRequest(http.MethodPost, attachmentsPath)
	return f
}

// watch calls fn the first time the emulator receives method on exactly
// path: synchronously, before the request is served, when after is zero,
// else in its own goroutine after that long. It queues a fault whose Match
// only watches and never matches, so it stays queued and faults nothing.
func (e *accEnv) watch(method, path string, after time.Duration, fn func()) {
	var once sync.Once
	e.api.InjectFaults(fakeapi.Fault{Match: func(r *http.Request) bool {
		if r.Method == method && r.URL.Path == path {
			once.Do(func() {
				if after <= 0 {
					fn()
					return
				}
				time.AfterFunc(after, fn)
			})
		}
		return false
	}})
}

// stateID is the ID of the resource at address in s.
func stateID(s *terraform.State, address string) (string, error) {
	r, ok := s.RootModule().Resources[address]
	if !ok || r.Primary == nil || r.Primary.ID == "" {
		return "", fmt.Errorf("%s is not in state", address)
	}
	return r.Primary.ID, nil
}

// captureID stores the ID of the resource at address in *id.
func captureID(address string, id *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		got, err := stateID(s, address)
		*id = got
		return err
	}
}

// emptyPlanAfterApply: the plan after the step's apply (and refresh) is empty.
var emptyPlanAfterApply = resource.ConfigPlanChecks{
	PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
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

// ---------------------------------------------------------------------------
// The Terraform CLI driven directly (tfcli), for what terraform-plugin-testing cannot do

// workspace returns a Terraform working directory, driven through
// terraform-exec, whose commands reach this test's provider in-process. Its
// output goes to out (nil: discarded); configure may adjust the options.
// Like terraform-plugin-testing, it needs TF_ACC and TF_ACC_TERRAFORM_PATH.
func (e *accEnv) workspace(t *testing.T, out io.Writer, configure ...func(*tfcli.Options)) *tfcli.Workspace {
	t.Helper()
	opts := tfcli.Options{
		TerraformPath: terraformPath(t),
		// Configurations without required_providers mean hashicorp/do, as
		// in the terraform-plugin-testing tests.
		ProviderAddress: tfcli.TestProviderAddress("hashicorp", "do"),
		Provider:        providerserver.NewProtocol6(NewWithOptions("test", Options{Wait: accWait})()),
		Output:          out,
		LogSink:         t,
	}
	for _, c := range configure {
		c(&opts)
	}
	ws, err := tfcli.New(t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

// cliVersion is the version of the CLI that TF_ACC_TERRAFORM_PATH names,
// for the tests that drive it through tfcli (terraform-plugin-testing's
// tests use TerraformVersionChecks); it skips t without TF_ACC.
func cliVersion(t *testing.T) *version.Version {
	t.Helper()
	tf, err := tfexec.NewTerraform(t.TempDir(), terraformPath(t))
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := tf.Version(context.Background(), true)
	if err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	return v
}

// terraformPath is the CLI that TF_ACC_TERRAFORM_PATH names; it skips t
// unless TF_ACC is set too, as terraform-plugin-testing does.
func terraformPath(t *testing.T) string {
	t.Helper()
	tfPath := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tfPath == "" || os.Getenv("TF_ACC") == "" {
		t.Skip("needs TF_ACC=1 and TF_ACC_TERRAFORM_PATH (run through make test)")
	}
	return tfPath
}

// eventually polls cond until it holds. The bound only stops a broken test
// from hanging; nothing is asserted about how long it took.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting until %s", what)
		}
	}
}

// stateResource returns the resource at address in st, failing if absent.
func stateResource(t *testing.T, st *tfjson.State, address string) *tfjson.StateResource {
	t.Helper()
	if st != nil && st.Values != nil && st.Values.RootModule != nil {
		for _, r := range st.Values.RootModule.Resources {
			if r.Address == address {
				return r
			}
		}
	}
	t.Fatalf("%s is not in state", address)
	return nil
}

func stateWithAttachment(id string) *terraform.State {
	return &terraform.State{Modules: []*terraform.ModuleState{{
		Path: []string{"root"},
		Resources: map[string]*terraform.ResourceState{
			"do_partner_attachment.test": {Type: "do_partner_attachment", Primary: &terraform.InstanceState{ID: id}},
		},
	}}}
}

// syncBuffer collects command output written from several goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// ---------------------------------------------------------------------------
// Live mode: the same tests against the real API (DO_ACC_LIVE=1)

// The acceptance suite has one target per process. By default every test
// starts its own emulator. With DO_ACC_LIVE=1 the same tests run against the
// real API: DIGITALOCEAN_API_URL (or the public endpoint) with
// DIGITALOCEAN_TOKEN (or DIGITALOCEAN_ACCESS_TOKEN), the provider's own
// fallbacks. TestMain (above) reads the target once, before any test.
const (
	envLive = "DO_ACC_LIVE"
	// envVPCIDs names real VPCs the tests attach: two, comma-separated, in
	// region nyc (where the tests create their attachments).
	envVPCIDs = "DO_ACC_VPC_IDS"
)

// liveTarget is the API live mode talks to.
type liveTarget struct {
	// cfg is the resolved client configuration. Its token never goes into a
	// Terraform configuration file: the in-process provider reads it from
	// the environment like a user's would.
	cfg    apiclient.Config
	vpcIDs []string
}

// accLive is nil unless DO_ACC_LIVE selects the real API.
var accLive *liveTarget

// liveTargetFromEnv reads the target from the environment: nil for the
// emulator, an error for a live selection that cannot work. The error never
// contains the token.
func liveTargetFromEnv(getenv func(string) string) (*liveTarget, error) {
	raw := strings.TrimSpace(getenv(envLive))
	if raw == "" {
		return nil, nil
	}
	on, err := strconv.ParseBool(raw)
	if err != nil {
		return nil, fmt.Errorf("%s must be 1 (run against the real API) or 0 (the emulator), not %q", envLive, raw)
	}
	if !on {
		return nil, nil
	}
	cfg, diags := resolveConfig(providerModel{}, getenv)
	if diags.HasError() {
		return nil, fmt.Errorf("%s=1 runs the acceptance tests against the real API, but: %w", envLive, diagsError(diags))
	}
	return &liveTarget{cfg: cfg, vpcIDs: splitIDs(getenv(envVPCIDs))}, nil
}

// useVPCs makes the tests' VPC ids (vpcA, vpcB) the real ones, when two are
// given; otherwise newAccEnv skips every test (see startLive).
func (l *liveTarget) useVPCs() {
	if len(l.vpcIDs) >= 2 {
		vpcA, vpcB = l.vpcIDs[0], l.vpcIDs[1]
	}
}

// splitIDs parses a comma-separated list, dropping blanks and repeats.
func splitIDs(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		id := strings.TrimSpace(part)
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// diagsError joins the error diagnostics' summaries and details.
func diagsError(diags diag.Diagnostics) error {
	var errs []error
	for _, d := range diags.Errors() {
		errs = append(errs, fmt.Errorf("%s: %s", d.Summary(), d.Detail()))
	}
	return errors.Join(errs...)
}

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
