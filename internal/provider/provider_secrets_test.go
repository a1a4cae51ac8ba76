package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
	"github.com/pnc-tf/terraform-provider-do/internal/tfcli"
)

// BGP auth keys used by the secret-hygiene scenario, one per way a key
// reaches the provider.
var hygieneKeys = struct{ primary, secondary, rotated, adopted, rejected, writeOnly string }{
	"hygiene-primary-Kq7Zt", "hygiene-secondary-Wm2Xp", "hygiene-rotated-Rr5Yd",
	"hygiene-adopted-Ab3Cd", "hygiene-rejected-Jj8Vb", "hygiene-writeonly-Uu4Hn",
}

// The scenario's secrets reach Terraform as a user's do: as sensitive input
// variables whose values come from the environment (TF_VAR_name, as a
// pipeline passes them from its secret store), never written in the
// configuration. Terraform prints the source line a diagnostic points at
// (1.16 points its write-only hint at the auth_key line), so a literal key
// would be printed by Terraform itself, whatever the provider does.
var hygieneVariables = []string{"do_token", "primary_auth_key", "secondary_auth_key", "adopted_auth_key", "writeonly_auth_key"}

// setHygieneVar gives the variable name its value for the next commands.
func setHygieneVar(t *testing.T, name, value string) {
	t.Helper()
	t.Setenv("TF_VAR_"+name, value)
}

// hygieneText is a configuration of the scenario: the provider block, the
// variables, and blocks.
func (e *accEnv) hygieneText(blocks ...string) string {
	var b strings.Builder
	b.WriteString(e.providerBlockToken("var.do_token"))
	for _, v := range hygieneVariables {
		fmt.Fprintf(&b, "\nvariable %q {\n  type      = string\n  sensitive = true\n}\n", v)
	}
	return b.String() + strings.Join(blocks, "\n")
}

// hygieneAttachment is an attachment of the scenario whose key is the
// variable keyVar.
func hygieneAttachment(name, keyVar, extra string) attachmentConfig {
	c := baseAttachment(name)
	c.BGP.AuthKey, c.BGP.AuthKeyExpr = "", "var."+keyVar
	c.Extra = extra
	return c
}

// hygieneConfig is the scenario's configuration: an HA pair, the data
// sources that read secrets, and further attachments as given. The
// primary's key is var.primary_auth_key, the secondary's
// var.secondary_auth_key.
func (e *accEnv) hygieneConfig(primaryName string, more ...string) string {
	primary := hygieneAttachment(primaryName, "primary_auth_key", `  redundancy_zone = "MEGAPORT_BLUE"`)
	secondary := hygieneAttachment("hygiene-secondary", "secondary_auth_key",
		"  redundancy_zone = \"MEGAPORT_RED\"\n  parent_uuid = do_partner_attachment.primary.id")
	secondary.BGP.LocalIP, secondary.BGP.PeerIP = "169.254.0.9/29", "169.254.0.14/29"
	blocks := append([]string{
		primary.hcl("primary"), secondary.hcl("secondary"),
		serviceKeyConfig("primary", "do_partner_attachment.primary.id"),
		dataBlock("do_partner_attachment_bgp_auth_key", "secondary", "attachment_id = do_partner_attachment.secondary.id"),
	}, more...)
	return e.hygieneText(blocks...)
}

// Every way a secret reaches the provider, with TF_LOG=trace for Terraform
// and the provider: create, refresh, data sources, key rotation, a create
// whose answer is lost (the lookup compares auth keys), a rejected update, a
// write-only key, import (which reads the key), a rejected token, destroy.
// No secret may appear in the logs, the diagnostics or the plan output.
// Not parallel: it sets the provider's log destination in the environment.
func TestAccSecrets_neverInLogsDiagnosticsOrPlans(t *testing.T) {
	logs := t.TempDir()
	providerLog, coreLog := filepath.Join(logs, "provider.log"), filepath.Join(logs, "terraform.log")
	// Where terraform-plugin-log's test sink writes the in-process
	// provider's logs (tfsdklog.RegisterTestSink reads these).
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", providerLog)
	t.Setenv("TF_LOG_PATH_MASK", "")
	t.Setenv("TF_ACC_LOG_PATH", "")

	env := newAccEnv(t, fakeapi.Options{Token: "dop_v1_hygiene-token-5f1e9a7c"})
	env.requireEmulator(t, "injects faults and reads service keys")
	// Write-only attributes need Terraform 1.11; older CLIs run the rest.
	writeOnlyCLI := !cliVersion(t).LessThan(tfversion.Version1_11_0)
	keys := []string{hygieneKeys.primary, hygieneKeys.secondary, hygieneKeys.rotated,
		hygieneKeys.adopted, hygieneKeys.rejected, hygieneKeys.writeOnly}
	setHygieneVar(t, "do_token", env.token)
	setHygieneVar(t, "primary_auth_key", hygieneKeys.primary)
	setHygieneVar(t, "secondary_auth_key", hygieneKeys.secondary)
	setHygieneVar(t, "adopted_auth_key", hygieneKeys.adopted)
	setHygieneVar(t, "writeonly_auth_key", hygieneKeys.writeOnly)
	out := &syncBuffer{}
	withCoreLog := func(o *tfcli.Options) { o.CoreLogPath = coreLog }
	ws := env.workspace(t, out, withCoreLog)
	ctx := context.Background()
	run := func(what string, hcl string, wantErr bool, cmd func(context.Context) error) {
		t.Helper()
		if hcl != "" {
			for _, s := range append([]string{env.token}, keys...) {
				if strings.Contains(hcl, s) {
					t.Fatalf("%s: the configuration text holds the secret %q; pass it in a variable", what, s)
				}
			}
			if err := ws.WriteConfig(hcl); err != nil {
				t.Fatal(err)
			}
		}
		if err := cmd(ctx); (err != nil) != wantErr {
			t.Fatalf("%s: error %v, want error: %v\n%s", what, err, wantErr, out)
		}
	}
	plan := func(ctx context.Context) error { _, err := ws.Plan(ctx); return err }
	// The keys really went through the provider to the API: their absence
	// from the texts below is masking, not a key that never travelled.
	sent := func(what string, want map[string]string) {
		t.Helper()
		for _, a := range env.api.Attachments() {
			if k, ok := want[a.Name]; ok {
				if a.BGP.AuthKey != k {
					t.Fatalf("%s: the API holds a different key for %s than its variable's", what, a.Name)
				}
				delete(want, a.Name)
			}
		}
		if len(want) > 0 {
			t.Fatalf("%s: the API holds no attachment named %v", what, want)
		}
	}

	run("init", env.hygieneConfig("hygiene-primary"), false, ws.Init)
	run("create", "", false, ws.Apply)
	sent("create", map[string]string{"hygiene-primary": hygieneKeys.primary, "hygiene-secondary": hygieneKeys.secondary})
	run("plan", "", false, plan)

	adopted := hygieneAttachment("hygiene-adopted", "adopted_auth_key", "").hcl("adopted")
	env.api.InjectFaults(createFault(fakeapi.Fault{AfterAct: true, Drop: true}))
	setHygieneVar(t, "primary_auth_key", hygieneKeys.rotated)
	run("rotate and adopt", env.hygieneConfig("hygiene-primary", adopted), false, ws.Apply)
	sent("rotate and adopt", map[string]string{"hygiene-primary": hygieneKeys.rotated, "hygiene-adopted": hygieneKeys.adopted})

	// The refusal echoes the key it was sent, as some APIs do: the
	// diagnostic, which log masking does not reach, must mask it too.
	env.api.InjectFaults(fakeapi.Fault{Status: http.StatusUnprocessableEntity, Match: fakeapi.MatchRequest(http.MethodPatch, attachmentsPath),
		Message: "bgp.auth_key " + hygieneKeys.rejected + " is not acceptable"})
	setHygieneVar(t, "primary_auth_key", hygieneKeys.rejected)
	run("rejected update", env.hygieneConfig("hygiene-renamed", adopted), true, ws.Apply)

	setHygieneVar(t, "primary_auth_key", hygieneKeys.rotated)
	final := env.hygieneConfig("hygiene-primary", adopted)
	wantKeys := map[string]string{"hygiene-primary": hygieneKeys.rotated}
	if writeOnlyCLI {
		writeOnly := writeOnlyAttachmentExpr("hygiene-writeonly", "var.writeonly_auth_key", 1)
		final = env.hygieneConfig("hygiene-primary", adopted, writeOnly.hcl("writeonly"))
		wantKeys["hygiene-writeonly"] = hygieneKeys.writeOnly
	} else {
		t.Log("no write-only key: this CLI is older than Terraform 1.11")
	}
	run("write-only key", final, false, ws.Apply)
	sent("write-only key", wantKeys)

	env.importInto(t, out, withCoreLog)
	env.rejectedToken(t, out, withCoreLog)

	serviceKeys := env.serviceKeys(t)
	run("destroy", final, false, ws.Destroy)

	secrets := append([]string{env.token, rejectedToken}, serviceKeys...)
	secrets = append(secrets, keys...)
	coreText := readFile(t, coreLog)
	if !writeOnlyCLI {
		// Only Terraform before 1.11 writes those warnings; on later CLIs
		// the whole log is checked.
		coreText = withoutRefreshDrift(coreText)
	}
	texts := map[string]string{"output and diagnostics": out.String(), "terraform log": coreText, "provider log": readFile(t, providerLog)}
	// The logs are really there: the provider's API client traced its
	// requests, and Terraform traced its provider calls.
	for name, marker := range map[string]string{"provider log": `API request`, "terraform log": "ApplyResourceChange", "output and diagnostics": "Apply complete!"} {
		if !strings.Contains(texts[name], marker) {
			t.Fatalf("the %s lacks %q: the scenario did not capture it", name, marker)
		}
	}
	// Waits log each poll on the operation's context (where tflog lives),
	// and the echoed refusal reached the diagnostics, masked.
	for name, marker := range map[string]string{"provider log": "polled partner attachment", "output and diagnostics": "bgp.auth_key *** is not acceptable"} {
		// Terraform wraps diagnostics in a box: compare words only.
		words := strings.Join(strings.Fields(strings.ReplaceAll(texts[name], "│", " ")), " ")
		if !strings.Contains(words, marker) {
			t.Errorf("the %s lacks %q", name, marker)
		}
	}
	if os.Getenv("TF_ACC_PROVIDER_HOST") == "registry.opentofu.org" {
		// OpenTofu's own core logs every value a refresh after import
		// returns ("produced an unexpected new value ... during refresh"),
		// the BGP key included: no provider can prevent that. The
		// provider's log, diagnostics and plan output are still checked.
		t.Log("OpenTofu: not checking the CLI's own log (it prints refreshed values after import)")
		delete(texts, "terraform log")
	}
	for name, text := range texts {
		for _, s := range secrets {
			if i := strings.Index(text, s); i >= 0 {
				t.Errorf("the %s contains the secret %q: ...%s...", name, s, text[max(0, i-300):min(len(text), i+100)])
			}
		}
	}
}

const rejectedToken = "dop_v1_rejected-token-77a1c2"

// withoutRefreshDrift drops from a Terraform log the warnings in which
// Terraform before 1.11 lists every value that a refresh changed, raw
// (after an import: the whole attachment, BGP key included): Terraform's own
// report, which no provider can mask. The rest of the log is checked.
func withoutRefreshDrift(log string) string {
	var kept []string
	dropping := false
	for _, line := range strings.SplitAfter(log, "\n") {
		trimmed := strings.TrimRight(line, "\r\n")
		switch {
		case strings.Contains(trimmed, "[WARN]") && strings.Contains(trimmed, " produced an unexpected new value for ") &&
			strings.HasSuffix(trimmed, " during refresh."):
			dropping = true
		case dropping && strings.HasPrefix(trimmed, "      - "):
		default:
			dropping = false
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "")
}

// importInto imports the secondary attachment into a fresh workspace and
// plans: import reads the BGP auth key from the API.
func (e *accEnv) importInto(t *testing.T, out *syncBuffer, configure func(*tfcli.Options)) {
	t.Helper()
	var id string
	for _, a := range e.api.Attachments() {
		if a.Name == "hygiene-secondary" {
			id = a.ID
		}
	}
	ws := e.workspace(t, out, configure)
	imported := hygieneAttachment("hygiene-secondary", "secondary_auth_key", "")
	imported.BGP.LocalIP, imported.BGP.PeerIP = "169.254.0.9/29", "169.254.0.14/29"
	if err := ws.WriteConfig(e.hygieneText(imported.hcl("imported"))); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	err := ws.Init(ctx)
	if err == nil {
		err = ws.Run(ctx, func(ctx context.Context, tf *tfexec.Terraform, r *tfexec.ReattachOption) error {
			return tf.Import(ctx, "do_partner_attachment.imported", id, r)
		})
	}
	if err == nil {
		_, err = ws.Plan(ctx)
	}
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
}

// rejectedToken plans with a token the API refuses (401), then gives
// var.do_token the good token again.
func (e *accEnv) rejectedToken(t *testing.T, out *syncBuffer, configure func(*tfcli.Options)) {
	t.Helper()
	ws := e.workspace(t, out, configure)
	setHygieneVar(t, "do_token", rejectedToken)
	defer setHygieneVar(t, "do_token", e.token)
	if err := ws.WriteConfig(e.hygieneText(hygieneAttachment("hygiene-401", "primary_auth_key", "").hcl("x"))); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := ws.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Plan(ctx); err != nil {
		t.Fatalf("plan needs no API call yet: %v", err)
	}
	if err := ws.Apply(ctx); err == nil || !strings.Contains(out.String(), "HTTP 401") {
		t.Fatalf("want the API's 401, got %v", err)
	}
}

// serviceKeys returns the service key of every attachment the emulator holds.
func (e *accEnv) serviceKeys(t *testing.T) []string {
	t.Helper()
	var keys []string
	for _, a := range e.api.Attachments() {
		if k, ok := e.api.ServiceKey(a.ID); ok {
			keys = append(keys, k.Value)
		}
	}
	if len(keys) == 0 {
		t.Fatal("no service keys: the scenario read none")
	}
	return keys
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWithoutRefreshDrift(t *testing.T) {
	log := "2026-01-02T03:04:05.000Z [INFO]  before\n" +
		"2026-01-02T03:04:05.001Z [WARN]  Provider \"registry.terraform.io/hashicorp/do\" produced an unexpected new value for do_partner_attachment.imported during refresh.\n" +
		"      - .bgp: was null, but now cty.ObjectVal(map[string]cty.Value{\"auth_key\":cty.StringVal(\"drift-key\")})\n" +
		"      - .name: was null, but now cty.StringVal(\"x\")\n" +
		"2026-01-02T03:04:05.002Z [DEBUG] after: leaked-key\n" +
		"      - a list item of another entry\n"
	got := withoutRefreshDrift(log)
	want := "2026-01-02T03:04:05.000Z [INFO]  before\n" +
		"2026-01-02T03:04:05.002Z [DEBUG] after: leaked-key\n" +
		"      - a list item of another entry\n"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}
