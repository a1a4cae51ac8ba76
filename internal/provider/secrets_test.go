package provider

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
	"github.com/pnc-tf/terraform-provider-do/internal/tfcli"
)

// BGP auth keys used by the secret-hygiene scenario, one per way a key
// reaches the provider.
var hygieneKeys = struct{ primary, secondary, rotated, adopted, rejected, writeOnly string }{
	"hygiene-primary-Kq7Zt", "hygiene-secondary-Wm2Xp", "hygiene-rotated-Rr5Yd",
	"hygiene-adopted-Ab3Cd", "hygiene-rejected-Jj8Vb", "hygiene-writeonly-Uu4Hn",
}

// hygieneAttachment is an attachment of the scenario with its own key.
func hygieneAttachment(name, key, extra string) attachmentConfig {
	c := baseAttachment(name)
	c.BGP.AuthKey = key
	c.Extra = extra
	return c
}

// hygieneConfig is the scenario's configuration: an HA pair, the data
// sources that read secrets, and further attachments as given.
func (e *accEnv) hygieneConfig(primaryKey, primaryName string, more ...string) string {
	primary := hygieneAttachment(primaryName, primaryKey, `  redundancy_zone = "MEGAPORT_BLUE"`)
	secondary := hygieneAttachment("hygiene-secondary", hygieneKeys.secondary,
		"  redundancy_zone = \"MEGAPORT_RED\"\n  parent_uuid = do_partner_attachment.primary.id")
	secondary.BGP.LocalIP, secondary.BGP.PeerIP = "169.254.0.9/29", "169.254.0.14/29"
	blocks := append([]string{
		primary.hcl("primary"), secondary.hcl("secondary"),
		serviceKeyConfig("primary", "do_partner_attachment.primary.id"),
		dataBlock("do_partner_attachment_bgp_auth_key", "secondary", "attachment_id = do_partner_attachment.secondary.id"),
	}, more...)
	return e.config(blocks...)
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
	out := &syncBuffer{}
	withCoreLog := func(o *tfcli.Options) { o.CoreLogPath = coreLog }
	ws := env.workspace(t, out, withCoreLog)
	ctx := context.Background()
	run := func(what string, hcl string, wantErr bool, cmd func(context.Context) error) {
		t.Helper()
		if hcl != "" {
			if err := ws.WriteConfig(hcl); err != nil {
				t.Fatal(err)
			}
		}
		if err := cmd(ctx); (err != nil) != wantErr {
			t.Fatalf("%s: error %v, want error: %v\n%s", what, err, wantErr, out)
		}
	}
	plan := func(ctx context.Context) error { _, err := ws.Plan(ctx); return err }

	run("init", env.hygieneConfig(hygieneKeys.primary, "hygiene-primary"), false, ws.Init)
	run("create", "", false, ws.Apply)
	run("plan", "", false, plan)

	adopted := hygieneAttachment("hygiene-adopted", hygieneKeys.adopted, "").hcl("adopted")
	env.api.InjectFaults(createFault(fakeapi.Fault{AfterAct: true, Drop: true}))
	run("rotate and adopt", env.hygieneConfig(hygieneKeys.rotated, "hygiene-primary", adopted), false, ws.Apply)

	// The refusal echoes the key it was sent, as some APIs do: the
	// diagnostic, which log masking does not reach, must mask it too.
	env.api.InjectFaults(fakeapi.Fault{Status: http.StatusUnprocessableEntity, Match: fakeapi.MatchRequest(http.MethodPatch, attachmentsPath),
		Message: "bgp.auth_key " + hygieneKeys.rejected + " is not acceptable"})
	run("rejected update", env.hygieneConfig(hygieneKeys.rejected, "hygiene-renamed", adopted), true, ws.Apply)

	writeOnly := writeOnlyAttachment("hygiene-writeonly", hygieneKeys.writeOnly, 1)
	final := env.hygieneConfig(hygieneKeys.rotated, "hygiene-primary", adopted, writeOnly.hcl("writeonly"))
	run("write-only key", final, false, ws.Apply)

	env.importInto(t, out, withCoreLog)
	env.rejectedToken(t, out, withCoreLog)

	serviceKeys := env.serviceKeys(t)
	run("destroy", final, false, ws.Destroy)

	secrets := append([]string{env.token, rejectedToken}, serviceKeys...)
	secrets = append(secrets, hygieneKeys.primary, hygieneKeys.secondary, hygieneKeys.rotated,
		hygieneKeys.adopted, hygieneKeys.rejected, hygieneKeys.writeOnly)
	texts := map[string]string{"output and diagnostics": out.String(), "terraform log": readFile(t, coreLog), "provider log": readFile(t, providerLog)}
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
	imported := hygieneAttachment("hygiene-secondary", hygieneKeys.secondary, "")
	imported.BGP.LocalIP, imported.BGP.PeerIP = "169.254.0.9/29", "169.254.0.14/29"
	if err := ws.WriteConfig(e.config(imported.hcl("imported"))); err != nil {
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

// rejectedToken plans with a token the API refuses (401).
func (e *accEnv) rejectedToken(t *testing.T, out *syncBuffer, configure func(*tfcli.Options)) {
	t.Helper()
	ws := e.workspace(t, out, configure)
	bad := *e
	bad.token = rejectedToken
	if err := ws.WriteConfig(bad.config(hygieneAttachment("hygiene-401", hygieneKeys.primary, "").hcl("x"))); err != nil {
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
