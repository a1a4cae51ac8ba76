package exampletest

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// devOverridesWarning is the one warning validate may give: it says the
// provider comes from dev_overrides, which is how this test runs it.
const devOverridesWarning = "Provider development overrides are in effect"

// units lists every example unit under examples/.
func units(t *testing.T) []exampleUnit {
	t.Helper()
	us, _, err := discover(os.DirFS(examplesRoot))
	if err != nil {
		t.Fatal(err)
	}
	return us
}

// unitNamed returns the unit named name (its path under examples/).
func unitNamed(t *testing.T, name string) exampleUnit {
	t.Helper()
	for _, u := range units(t) {
		if u.Name == name {
			return u
		}
	}
	t.Fatalf("no example examples/%s", name)
	return exampleUnit{}
}

// TestExamples_everyFileIsExercised fails for a file under examples/ that
// none of the tests below would pick up, so no example goes unchecked.
func TestExamples_everyFileIsExercised(t *testing.T) {
	_, unclaimed, err := discover(os.DirFS(examplesRoot))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range unclaimed {
		t.Errorf("examples/%s is not exercised by any test: use the tfplugindocs layout "+
			"(provider/, resources/<type>/resource*.tf, data-sources/<type>/data-source*.tf, ...) or a folder under scenarios/ or guides/", f)
	}
}

func TestAccExamples_formatted(t *testing.T) {
	c := cliFor(t)
	out, err := c.run(examplesRoot, nil, "fmt", "-check", "-recursive", "-diff", "-no-color", ".")
	if err != nil {
		t.Fatalf("examples are not formatted as `terraform fmt` would (run make fmt):\n%s", out)
	}
}

// TestExamples_queryFilesFormatted covers what `terraform fmt` refuses to
// read: .tfquery.hcl files get the same canonical HCL formatting, from the
// hclwrite package that terraform fmt itself formats with.
func TestExamples_queryFilesFormatted(t *testing.T) {
	err := fs.WalkDir(os.DirFS(examplesRoot), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".tfquery.hcl") {
			return err
		}
		src, err := os.ReadFile(filepath.Join(examplesRoot, p))
		if err != nil {
			return err
		}
		if got := hclwrite.Format(src); !bytes.Equal(got, src) {
			t.Errorf("examples/%s is not formatted; formatted it reads:\n%s", p, got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// validateResult is the part of `validate -json` this test reads.
type validateResult struct {
	Valid       bool `json:"valid"`
	Diagnostics []struct {
		Severity string `json:"severity"`
		Summary  string `json:"summary"`
		Detail   string `json:"detail"`
	} `json:"diagnostics"`
}

func TestAccExamples_valid(t *testing.T) {
	c := cliFor(t)
	for _, u := range units(t) {
		if u.Kind == importScript {
			continue // TestAccExamples_importScripts runs them
		}
		t.Run(u.Name, func(t *testing.T) {
			t.Parallel()
			if c.tofu && u.TerraformOnly != "" {
				t.Skipf("OpenTofu has no %s", u.TerraformOnly)
			}
			args := []string{"validate", "-json"}
			if u.Query {
				args = append(args, "-query")
			}
			out, err := c.run(moduleFor(t, u), nil, args...)
			var res validateResult
			if jerr := json.Unmarshal([]byte(out), &res); jerr != nil {
				t.Fatalf("validate failed (%v) without a JSON answer:\n%s", err, out)
			}
			for _, d := range res.Diagnostics {
				if d.Summary != devOverridesWarning {
					t.Errorf("%s: %s\n%s", d.Severity, d.Summary, d.Detail)
				}
			}
			if !res.Valid || err != nil {
				t.Errorf("examples/%s is not valid (exit: %v)", u.Name, err)
			}
		})
	}
}

// importCommand matches the command line of an import.sh example.
var importCommand = regexp.MustCompile(`(?m)^terraform import (\S+) (\S+)\s*$`)

// TestAccExamples_importScripts runs each import.sh as written, with
// `terraform` on PATH being the CLI under test, against an emulator holding
// an attachment with the script's ID.
func TestAccExamples_importScripts(t *testing.T) {
	c := cliFor(t)
	for _, u := range units(t) {
		if u.Kind != importScript {
			continue
		}
		t.Run(u.Name, func(t *testing.T) {
			t.Parallel()
			script, err := os.ReadFile(filepath.Join(examplesRoot, u.Name))
			if err != nil {
				t.Fatal(err)
			}
			m := importCommand.FindStringSubmatch(string(script))
			if m == nil {
				t.Fatalf("examples/%s has no `terraform import ADDRESS ID` line", u.Name)
			}
			addr, id := m[1], m[2]

			api, apiEnv := emulatorFor(t)
			api.Seed(fakeapi.SeedAttachment{ID: id})
			dir := moduleFor(t, u)
			env := append(variablesFromEnv(t, filepath.Join(dir, "resource.tf")),
				"PATH="+cliOnPath(t, c)+string(os.PathListSeparator)+os.Getenv("PATH"))
			env = append(env, apiEnv...)
			if out, err := c.runProgram(dir, env, "sh", "import.sh"); err != nil {
				t.Fatalf("sh import.sh: %v\n%s", err, out)
			}
			out, err := c.run(dir, env, "state", "list")
			if err != nil || strings.TrimSpace(out) != addr {
				t.Fatalf("state after import.sh = %q (%v), want exactly %s", out, err, addr)
			}
			for _, e := range api.Journal() {
				if e.Method != "GET" {
					t.Errorf("import sent %s %s; an import must only read", e.Method, e.Path)
				}
			}
		})
	}
}

// TestAccExamples_queries runs each list resource example with `terraform
// query` against an emulator holding attachments, so filters that only fail
// at run time (a bad regular expression, say) are caught too.
func TestAccExamples_queries(t *testing.T) {
	c := cliFor(t)
	for _, u := range units(t) {
		if u.Kind != validateUnit || !u.Query {
			continue
		}
		t.Run(u.Name, func(t *testing.T) {
			t.Parallel()
			if c.tofu {
				t.Skipf("OpenTofu has no %s", u.TerraformOnly)
			}
			api, env := emulatorFor(t)
			for _, name := range []string{"prod-nyc-1", "dev-nyc-1"} {
				api.Seed(fakeapi.SeedAttachment{Name: name})
			}
			if out, err := c.run(moduleFor(t, u), env, "query", "-no-color"); err != nil {
				t.Fatalf("terraform query: %v\n%s", err, out)
			}
			if n := api.Count("GET", ""); n == 0 {
				t.Error("the query sent no request to the API")
			}
		})
	}
}

// emulatorFor starts an emulator for t and returns it with the environment
// that points the provider at it.
func emulatorFor(t *testing.T) (*fakeapi.Server, []string) {
	t.Helper()
	const token = "examples-test-token"
	api := fakeapi.NewTestServer(t, fakeapi.Options{Token: token})
	return api, []string{"DIGITALOCEAN_TOKEN=" + token, "DIGITALOCEAN_API_URL=" + api.URL()}
}

// cliOnPath returns a folder holding a `terraform` that is the CLI under
// test (OpenTofu included), for scripts that call `terraform`.
func cliOnPath(t *testing.T, c *tfCLI) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Symlink(c.path, filepath.Join(dir, "terraform")); err != nil {
		t.Fatal(err)
	}
	return dir
}

var variableBlock = regexp.MustCompile(`(?m)^variable "([A-Za-z0-9_-]+)"`)

// variablesFromEnv gives every variable the file declares a value, so that
// commands that evaluate the configuration (import does) need no input.
func variablesFromEnv(t *testing.T, file string) []string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, m := range variableBlock.FindAllStringSubmatch(string(b), -1) {
		env = append(env, "TF_VAR_"+m[1]+"=example-value-for-"+m[1])
	}
	return env
}
