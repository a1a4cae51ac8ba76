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
// Like the scenarios, the examples configure the provider from the
// environment, so the subtests set it and cannot run in parallel.
func TestAccGuides(t *testing.T) {
	cliFor(t) // the same skip rules and CLI as the other example tests
	for _, u := range units(t) {
		if u.Kind != guideUnit {
			continue
		}
		name := filepath.Base(u.Dir)
		test, ok := guideTests[name]
		if !ok {
			t.Errorf("examples/%s has no test: add one to guideTests", u.Dir)
			continue
		}
		dir, err := filepath.Abs(filepath.Join(examplesRoot, u.Dir))
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) { test(t, dir) })
	}
}

// templatesRoot is the tfplugindocs templates folder, relative to this package.
const templatesRoot = "../../templates"

var tffileCall = regexp.MustCompile(`\{\{-?\s*tffile\s+"([^"]+)"\s*-?\}\}`)

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
		if main := "examples/guides/" + name + "/main.tf"; !shown[main] {
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

// notInPlan fails when the plan, in any part the CLI reports (planned and
// prior values, changes, variables, configuration), contains the secret that
// secret returns.
type notInPlan struct {
	what   string
	secret func() (string, error)
}

func (c notInPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	secret, err := c.secret()
	if err != nil {
		resp.Error = err
		return
	}
	doc, err := json.Marshal(req.Plan)
	if err != nil {
		resp.Error = err
		return
	}
	if strings.Contains(string(doc), secret) {
		resp.Error = fmt.Errorf("the %s was written to the plan", c.what)
	}
}

// fixed returns a secret known in advance, for notInPlan and notInState.
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
