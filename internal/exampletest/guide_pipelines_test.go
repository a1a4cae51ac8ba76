package exampletest

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// The pipeline guide, in the order a pipeline meets it: a plan that fails
// because a killed job left an attachment with the name behind (the error
// names it and shows the import block); the import that adopts
// it, sending the ephemeral key as a write-only value and storing no key;
// scheduled plans that find nothing to do, with the import block still there
// and after its variable is unset; a change made outside
// Terraform, which the scheduled plan reports; and the apply that undoes it.
func testGuidePipelines(t *testing.T, dir string) {
	env := newScenarioEnv(t)
	const (
		addr      = "do_partner_attachment.link"
		name      = "pipeline-megaport-link" // the example's default
		key       = "pipeline-guide-key"
		killedKey = "key-the-killed-job-sent"
		outOfBand = "renamed-in-the-control-panel"
		nameInUse = `(?s)Error: Planning partner attachment "` + name + `": name already in use.*Attachment\s+%s\s+\(state\s+ACTIVE.*import\s+\{`
	)
	leftover := env.api.Seed(fakeapi.SeedAttachment{Name: name, VPCIDs: []string{vpcA}, BGP: &fakeapi.BGP{
		LocalASN: fakeapi.DefaultLocalASN, LocalRouterIP: "169.254.0.1/29",
		PeerASN: 64532, PeerRouterIP: "169.254.0.6/29", AuthKey: killedKey,
	}})

	vars := withVars(attachmentVars(key), config.Variables{"requests_per_second": config.IntegerVariable(2)})
	adopt := withVars(vars, config.Variables{"existing_attachment_id": config.StringVariable(leftover)})
	keyNotStored := []statecheck.StateCheck{
		secretAbsent{what: "BGP auth key", secret: fixed(key)},
		secretAbsent{what: "BGP auth key read by the import", secret: fixed(killedKey)},
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("bgp").AtMapKey("auth_key"), knownvalue.Null()),
	}

	killed := env.step(dir, vars)
	killed.ExpectError = regexp.MustCompile(fmt.Sprintf(nameInUse, regexp.QuoteMeta(leftover)))

	imported := env.step(dir, adopt)
	imported.ConfigPlanChecks = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		expectImport{addr: addr},
		// The import reads the killed job's key; the update sends ours.
		plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
		secretAbsent{what: "ephemeral BGP auth key", secret: fixed(key)},
	}}
	imported.ConfigStateChecks = append([]statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(leftover)),
		statecheck.ExpectKnownOutputValue("state", knownvalue.StringExact(apiclient.StateActive)),
	}, keyNotStored...)
	imported.Check = func(*terraform.State) error {
		a, err := env.only()
		switch {
		case err != nil:
			return err
		case a.ID != leftover || a.BGP == nil || a.BGP.AuthKey != key:
			return fmt.Errorf("want the leftover attachment %s adopted with the configured key, have %+v", leftover, a)
		case env.api.Count(http.MethodPost, "") != 0: // the first step's plan failed before any create
			return fmt.Errorf("the create was sent %d times, want never", env.api.Count(http.MethodPost, ""))
		}
		env.api.ResetJournal()
		return nil
	}

	// The scheduled drift check (a plan, with and without refreshing):
	// nothing to do, import block or not. (Plan-only steps run no Check.)
	noDrift := env.step(dir, adopt)
	noDrift.PlanOnly = true
	importDone := env.step(dir, vars)
	importDone.PlanOnly = true

	drift := env.step(dir, vars)
	drift.PreConfig = func() {
		for _, e := range env.api.Journal() {
			if e.Method != http.MethodGet {
				t.Errorf("plans with the import done sent %s %s; they must only read", e.Method, e.Path)
			}
		}
		if !env.api.Rename(leftover, outOfBand) {
			t.Fatalf("cannot rename %s in the emulator", leftover)
		}
	}
	drift.PlanOnly = true
	drift.ExpectNonEmptyPlan = true
	drift.ConfigPlanChecks = resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
		plancheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
	}}

	undo := env.step(dir, vars)
	undo.ConfigStateChecks = keyNotStored
	undo.Check = func(*terraform.State) error {
		if a, err := env.only(); err != nil || a.Name != name {
			return fmt.Errorf("the apply did not undo the rename: %+v (%v)", a, err)
		}
		return nil
	}

	env.test(t, writeOnlyVersion, killed, imported, noDrift, importDone, drift, undo)
}

// TestAccGuidePipelineCommands runs the pipeline guide's commands as a CI
// job would, with the provider as a separate process configured from the
// environment: `plan -out` (exit code 2 with -detailed-exitcode: changes),
// `apply` of the saved plan (which fails until the ephemeral key is given
// again), the scheduled `plan -detailed-exitcode` (0: no drift; 2 after a
// change made outside Terraform), and neither the saved plan nor the state
// holds the BGP key.
func TestAccGuidePipelineCommands(t *testing.T) {
	c := cliFor(t)
	u := unitNamed(t, "guides/running-in-pipelines")
	api, apiEnv := emulatorFor(t)
	dir := moduleFor(t, u)
	const key = "pipeline-commands-key"
	vars := append(apiEnv, `TF_VAR_vpc_ids=["`+vpcA+`"]`)
	withKey := append(vars[:len(vars):len(vars)], "TF_VAR_bgp_auth_key="+key)

	run := func(env []string, args ...string) (string, int) {
		t.Helper()
		out, err := c.run(dir, env, args...)
		var exit *exec.ExitError
		switch {
		case err == nil:
			return out, 0
		case errors.As(err, &exit):
			return out, exit.ExitCode()
		}
		t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
		return "", 0
	}
	expect := func(want int, env []string, args ...string) string {
		t.Helper()
		out, code := run(env, args...)
		if code != want {
			t.Fatalf("terraform %s exited %d, want %d:\n%s", strings.Join(args, " "), code, want, out)
		}
		return out
	}

	// Pull request: the saved plan creates the attachment.
	expect(2, withKey, "plan", "-input=false", "-no-color", "-detailed-exitcode", "-out=tfplan")
	if inPlan := zipContains(t, filepath.Join(dir, "tfplan"), key); inPlan != "" {
		t.Errorf("the saved plan holds the BGP key (in %s)", inPlan)
	}
	// Merge: the saved plan, applied; the ephemeral variable must be set again.
	if out := expect(1, vars, "apply", "-input=false", "-no-color", "tfplan"); !c.tofu && !strings.Contains(out, "must also be set during the apply phase") {
		t.Errorf("apply of the saved plan without the ephemeral key failed, but not for that reason:\n%s", out)
	}
	expect(0, withKey, "apply", "-input=false", "-no-color", "tfplan")
	a, err := (&scenarioEnv{api: api}).only()
	if err != nil || a.BGP == nil || a.BGP.AuthKey != key {
		t.Fatalf("after apply: %+v (%v), want one attachment with the configured key", a, err)
	}
	state, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	if err != nil || strings.Contains(string(state), key) {
		t.Errorf("the state holds the BGP key, or cannot be read (%v)", err)
	}

	// Schedule: no drift, then a rename in the control panel.
	expect(0, withKey, "plan", "-input=false", "-no-color", "-detailed-exitcode", "-lock-timeout=1m")
	api.Rename(a.ID, "renamed-by-hand")
	if out := expect(2, withKey, "plan", "-input=false", "-no-color", "-detailed-exitcode"); !strings.Contains(out, "renamed-by-hand") {
		t.Errorf("the drift plan does not show the rename:\n%s", out)
	}

	expect(0, withKey, "destroy", "-input=false", "-no-color", "-auto-approve")
	if left := api.Attachments(); len(left) != 0 {
		t.Errorf("%d attachment(s) left after destroy", len(left))
	}
}

// zipContains returns the name of the first file in the zip archive (a saved
// plan) that contains s, or "".
func zipContains(t *testing.T, archive, s string) string {
	t.Helper()
	r, err := zip.OpenReader(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), s) {
			return f.Name
		}
	}
	return ""
}

// expectImport fails unless the plan imports addr.
type expectImport struct{ addr string }

func (c expectImport) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address == c.addr {
			if !importing(rc) {
				resp.Error = fmt.Errorf("%s is planned (%v) but not imported", c.addr, rc.Change.Actions)
			}
			return
		}
	}
	resp.Error = fmt.Errorf("%s is not in the plan", c.addr)
}

func importing(rc *tfjson.ResourceChange) bool {
	return rc.Change != nil && rc.Change.Importing != nil
}
