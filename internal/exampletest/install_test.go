package exampletest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// readmeVersionConstraint finds the provider version constraint of the
// README's minimal configuration: the `version` next to `source = "pnc-tf/do"`.
var readmeVersionConstraint = regexp.MustCompile(`source\s*=\s*"pnc-tf/do"\s*\n\s*version\s*=\s*"([^"]+)"`)

// TestAccInstall_implicitLocalMirror checks what the README promises for
// installing before a registry release: `make install` puts the provider in
// Terraform's implied local mirror (~/.terraform.d/plugins), and a
// configuration in a clean folder that only names the source and the
// README's version constraint inits and plans, with an empty CLI
// configuration (no dev_overrides, no mirror settings) and no network: the
// Go module proxy is turned off for the build, and only the emulator is
// reachable for the plan.
func TestAccInstall_implicitLocalMirror(t *testing.T) {
	c := cliFor(t)
	if c.tofu {
		t.Skip("OpenTofu looks for pnc-tf/do under registry.opentofu.org; make install lays out Terraform's mirror")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := readmeVersionConstraint.FindSubmatch(readme)
	if m == nil {
		t.Fatal(`README.md has no configuration with source = "pnc-tf/do" followed by a version constraint`)
	}
	constraint := string(m[1])

	// make install into a fresh HOME. Go's caches stay where they are (a
	// fresh HOME would otherwise mean a fresh module download), and
	// GOPROXY=off proves the build needs no network.
	home := t.TempDir()
	install := exec.Command("make", "--no-print-directory", "install")
	install.Dir = root
	install.Env = append(withoutVars(os.Environ(), "HOME", "VERSION", "PLUGINS_DIR", "GOPROXY", "MAKEFLAGS"),
		"HOME="+home, "GOPROXY=off")
	for _, v := range []string{"GOCACHE", "GOMODCACHE", "GOPATH"} {
		install.Env = append(install.Env, v+"="+goEnv(t, v))
	}
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("make install: %v\n%s", err, out)
	}

	// Exactly one build, at VERSION/OS_ARCH/terraform-provider-do_vVERSION.
	pattern := filepath.Join(home, ".terraform.d", "plugins", "registry.terraform.io", "pnc-tf", "do", "*",
		runtime.GOOS+"_"+runtime.GOARCH, "terraform-provider-do_v*")
	found, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 {
		t.Fatalf("want one provider binary matching %s, found %v", pattern, found)
	}
	version := filepath.Base(filepath.Dir(filepath.Dir(found[0])))
	if want := "terraform-provider-do_v" + version; filepath.Base(found[0]) != want {
		t.Fatalf("binary %s: want the name %s (the version of its folder)", found[0], want)
	}

	// A clean folder that only names the provider, and an empty CLI
	// configuration.
	dir := t.TempDir()
	config := `terraform {
  required_providers {
    do = {
      source  = "pnc-tf/do"
      version = "` + constraint + `"
    }
  }
}

data "do_partner_attachments" "all" {}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(t.TempDir(), "empty.tfrc")
	if err := os.WriteFile(rc, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	api, apiEnv := emulatorFor(t)
	env := append(withoutVars(os.Environ(), "HOME", "TF_CLI_CONFIG_FILE", "TF_PLUGIN_CACHE_DIR", "TF_DATA_DIR",
		"TF_REATTACH_PROVIDERS", "TF_WORKSPACE", "XDG_DATA_HOME", "XDG_DATA_DIRS"),
		"HOME="+home, "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0")
	env = append(env, apiEnv...)
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(c.path, args...)
		cmd.Dir = dir
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	out := run("init", "-no-color")
	if want := "Installed pnc-tf/do v" + version; !strings.Contains(out, want) {
		t.Errorf("terraform init output lacks %q:\n%s", want, out)
	}
	before := len(api.Journal())
	run("plan", "-no-color")
	if len(api.Journal()) == before {
		t.Error("terraform plan sent no request to the emulator: the installed provider did not run")
	}
}

// withoutVars returns env without the variables named.
func withoutVars(env []string, names ...string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		drop := strings.HasPrefix(name, "TF_CLI_ARGS") || strings.HasPrefix(name, "TF_VAR_") ||
			strings.HasPrefix(name, "DIGITALOCEAN_")
		for _, n := range names {
			drop = drop || name == n
		}
		if !drop {
			out = append(out, kv)
		}
	}
	return out
}

// goEnv returns `go env NAME`.
func goEnv(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}
