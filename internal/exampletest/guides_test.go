package exampletest

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// guideTests holds one test per folder under examples/guides, the example
// that templates/guides/<folder>.md.tmpl shows: each runs the folder's
// configuration through the steps its guide describes. A folder without an
// entry fails TestAccGuides.
var guideTests = map[string]func(t *testing.T, dir string){
	"running-in-pipelines":     testGuidePipelines,
	"ha-pair":                  testGuideHAPair,
	"megaport-service-key":     testGuideMegaportServiceKey,
	"moving-from-digitalocean": testGuideMovingFromDigitalOcean,
}

// TestAccGuides runs every guide's example against an emulator of its own.
func TestAccGuides(t *testing.T) {
	runFolderTests(t, guideUnit, guideTests, "guideTests")
}

// templatesRoot is the tfplugindocs templates folder, relative to this package.
const templatesRoot = "../../templates"

var tffileCall = regexp.MustCompile(`\{\{-?\s*tffile\s+"([^"]+)"\s*-?\}\}`)

// guidesWithoutExample are guides that walk through no configuration of
// their own. The troubleshooting guide is a reference of the provider's
// diagnostics, kept complete by internal/provider's
// TestTroubleshootingGuideCoversDiagnostics; the import block it shows is
// the one the "name already in use" error prints, which
// TestAccPartnerAttachment_createRefusedNameInUse asserts.
var guidesWithoutExample = map[string]bool{"troubleshooting": true}

// TestGuides_showTheirExamples: every guide template shows the main.tf of
// the example folder named like it, every example folder has its guide, and
// every file a guide pulls in with tffile exists (tfplugindocs would
// otherwise fail only when `make docs` runs).
func TestGuides_showTheirExamples(t *testing.T) {
	templates, err := filepath.Glob(filepath.Join(templatesRoot, "guides", "*.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	guides := map[string]bool{}
	for _, tmpl := range templates {
		name := strings.TrimSuffix(filepath.Base(tmpl), ".md.tmpl")
		guides[name] = true
		b, err := os.ReadFile(tmpl)
		if err != nil {
			t.Fatal(err)
		}
		shown := map[string]bool{}
		for _, m := range tffileCall.FindAllStringSubmatch(string(b), -1) {
			shown[m[1]] = true
			if _, err := os.Stat(filepath.Join("../..", m[1])); err != nil {
				t.Errorf("templates/guides/%s.md.tmpl shows %s, which does not exist", name, m[1])
			}
		}
		if main := "examples/guides/" + name + "/main.tf"; !shown[main] && !guidesWithoutExample[name] {
			t.Errorf("templates/guides/%s.md.tmpl does not show its example %s (tffile)", name, main)
		}
	}
	for _, u := range units(t) {
		if name := filepath.Base(u.Dir); u.Kind == guideUnit && !guides[name] {
			t.Errorf("examples/%s has no guide: add templates/guides/%s.md.tmpl", u.Dir, name)
		}
	}
	if len(guides) == 0 {
		t.Error("no guide templates found in templates/guides")
	}
}

// secretAbsent is a plan check and a state check: it fails when the plan
// (in any part the CLI reports: planned and prior values, changes,
// variables, configuration) or the state, in any form the CLI reports it,
// contains the secret that secret returns.
type secretAbsent struct {
	what   string
	secret func() (string, error)
}

func (c secretAbsent) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.absentFrom(req.Plan, "plan")
}

func (c secretAbsent) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.absentFrom(req.State, "state")
}

func (c secretAbsent) absentFrom(doc any, where string) error {
	secret, err := c.secret()
	if err != nil {
		return err
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	if strings.Contains(string(b), secret) {
		return fmt.Errorf("the %s was written to the %s", c.what, where)
	}
	return nil
}

// fixed returns a secret known in advance, for secretAbsent.
func fixed(secret string) func() (string, error) {
	return func() (string, error) { return secret, nil }
}

// What the guides' examples need: auth_key_wo (and ephemeral variables,
// 1.10) in all but the move, cross-type moved blocks (1.8) there.
var (
	writeOnlyVersion = tfversion.Version1_11_0
	movedVersion     = tfversion.Version1_8_0
)

// withVars returns a copy of base with extra set.
func withVars(base config.Variables, extra config.Variables) config.Variables {
	out := maps.Clone(base)
	maps.Copy(out, extra)
	return out
}
