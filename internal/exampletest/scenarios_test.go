package exampletest

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
	"github.com/pnc-tf/terraform-provider-do/internal/provider"
)

// scenarioTests holds one test per folder under examples/scenarios. A folder
// without an entry fails TestAccScenarios.
var scenarioTests = map[string]func(t *testing.T, dir string){
	"basic":  testScenarioBasic,
	"import": testScenarioImport,
}

// TestAccScenarios applies and destroys every scenario, as written, against
// its own emulator.
func TestAccScenarios(t *testing.T) {
	runFolderTests(t, scenarioUnit, scenarioTests, "scenarioTests")
}

// runFolderTests runs tests[name] for every folder examples/<kind>/<name>
// (scenarios or guides), failing for a folder without an entry in the map
// called mapName. The examples configure the provider from the environment
// (DIGITALOCEAN_TOKEN, DIGITALOCEAN_API_URL) like users do, so each test
// sets it (newScenarioEnv) and they cannot run in parallel.
func runFolderTests(t *testing.T, kind unitKind, tests map[string]func(t *testing.T, dir string), mapName string) {
	t.Helper()
	cliFor(t) // the same skip rules and CLI as the other example tests
	for _, u := range units(t) {
		if u.Kind != kind {
			continue
		}
		name := filepath.Base(u.Dir)
		test, ok := tests[name]
		if !ok {
			t.Errorf("examples/%s has no test: add one to %s", u.Dir, mapName)
			continue
		}
		dir, err := filepath.Abs(filepath.Join(examplesRoot, u.Dir))
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) { test(t, dir) })
	}
}

const (
	scenarioToken = "scenario-token"
	vpcA          = "c140286f-e6ce-4131-8b7b-df4590ce8d6a"
)

// scenarioEnv is one scenario's emulator, which the provider reaches through
// the environment variables a user would set.
type scenarioEnv struct {
	api *fakeapi.Server
}

// newScenarioEnv starts the emulator with a short provisioning delay, so
// every wait sees a pending state before the ready one.
func newScenarioEnv(t *testing.T) *scenarioEnv {
	t.Helper()
	api := fakeapi.NewTestServer(t, fakeapi.Options{Token: scenarioToken, ProvisioningDelay: 150 * time.Millisecond})
	t.Setenv("DIGITALOCEAN_TOKEN", scenarioToken)
	t.Setenv("DIGITALOCEAN_ACCESS_TOKEN", "")
	t.Setenv("DIGITALOCEAN_API_URL", api.URL())
	// The scenarios declare source = "pnc-tf/do"; the in-process provider
	// must be served under that namespace, not the default hashicorp/.
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "pnc-tf")
	return &scenarioEnv{api: api}
}

// scenarioWait polls fast: the emulator settles in milliseconds.
var scenarioWait = provider.WaitTiming{First: 10 * time.Millisecond, Min: 10 * time.Millisecond, Max: 100 * time.Millisecond}

// factories serves the provider in-process. They go on each TestStep, not
// the TestCase: the scenarios have a provider block of their own, and
// terraform-plugin-testing counts that as step-level provider configuration.
func (e *scenarioEnv) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"do": providerserver.NewProtocol6WithError(provider.NewWithOptions("test", provider.Options{Wait: scenarioWait})()),
	}
}

// step applies the scenario in dir with vars, serving the provider
// in-process.
func (e *scenarioEnv) step(dir string, vars config.Variables) resource.TestStep {
	return resource.TestStep{
		ProtoV6ProviderFactories: e.factories(),
		ConfigDirectory:          config.StaticDirectory(dir),
		ConfigVariables:          vars,
	}
}

// test runs steps on a CLI of at least minVersion (nil: any), then destroys
// everything and checks that the emulator is empty.
func (e *scenarioEnv) test(t *testing.T, minVersion *version.Version, steps ...resource.TestStep) {
	t.Helper()
	tc := resource.TestCase{CheckDestroy: e.checkNoneLeft, Steps: steps}
	if minVersion != nil {
		tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(minVersion)}
	}
	resource.Test(t, tc)
}

// attachmentVars are the variables every scenario asks for: the VPCs and
// the BGP auth key.
func attachmentVars(authKey string) config.Variables {
	return config.Variables{"vpc_ids": vpcIDs(vpcA), "bgp_auth_key": config.StringVariable(authKey)}
}

// checkNoneLeft is a CheckDestroy: destroy must leave the emulator empty.
func (e *scenarioEnv) checkNoneLeft(*terraform.State) error {
	if left := e.api.Attachments(); len(left) != 0 {
		return fmt.Errorf("%d attachment(s) left in the emulator after destroy, first %s (%s)", len(left), left[0].ID, left[0].State)
	}
	return nil
}

// only returns the one attachment the emulator must hold.
func (e *scenarioEnv) only() (fakeapi.Attachment, error) {
	all := e.api.Attachments()
	if len(all) != 1 {
		return fakeapi.Attachment{}, fmt.Errorf("emulator holds %d attachments, want 1", len(all))
	}
	return all[0], nil
}

// serviceKey is the key the emulator issued for its one attachment.
func (e *scenarioEnv) serviceKey() (string, error) {
	a, err := e.only()
	if err != nil {
		return "", err
	}
	key, ok := e.api.ServiceKey(a.ID)
	if !ok || key.Value == "" {
		return "", fmt.Errorf("the emulator has no service key for %s", a.ID)
	}
	return key.Value, nil
}

func vpcIDs(ids ...string) config.Variable {
	vars := make([]config.Variable, len(ids))
	for i, id := range ids {
		vars[i] = config.StringVariable(id)
	}
	return config.SetVariable(vars...)
}
