package main

// Tests that keep the claims the documentation makes about CLI versions true.
// They read files only (no Terraform), so they run in every `go test`.

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// cliVersion is a version a document or a test names: major.minor, and the
// patch when one is given.
type cliVersion struct {
	major, minor, patch int
	hasPatch            bool
}

func parseCLIVersion(s string) (cliVersion, bool) {
	parts := strings.Split(s, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return cliVersion{}, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return cliVersion{}, false
		}
		n[i] = v
	}
	return cliVersion{major: n[0], minor: n[1], patch: n[2], hasPatch: len(parts) == 3}, true
}

func (v cliVersion) String() string {
	if v.hasPatch {
		return fmt.Sprintf("%d.%d.%d", v.major, v.minor, v.patch)
	}
	return fmt.Sprintf("%d.%d", v.major, v.minor)
}

// claimable says which versions the docs may name for one CLI: the versions
// the project builds and tests, named as major.minor or exactly, and the
// minimums tests skip below, named as major.minor (when the minimum is
// X.Y.0) or exactly.
type claimable struct {
	tested   []cliVersion
	minimums []cliVersion
}

func (c claimable) allows(v cliVersion) bool {
	for _, t := range c.tested {
		if t.major == v.major && t.minor == v.minor && (!v.hasPatch || t.patch == v.patch) {
			return true
		}
	}
	for _, m := range c.minimums {
		if m.major == v.major && m.minor == v.minor && (v.hasPatch && m.patch == v.patch || !v.hasPatch && m.patch == 0) {
			return true
		}
	}
	return false
}

func (c claimable) String() string {
	var tested, mins []string
	for _, v := range c.tested {
		tested = append(tested, v.String())
	}
	for _, v := range c.minimums {
		mins = append(mins, v.String())
	}
	return fmt.Sprintf("built and tested: %s; minimums the tests skip below: %s",
		strings.Join(tested, ", "), cmpOr(strings.Join(mins, ", "), "none"))
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// pinnedModule reads the version a tools/ module pins for path.
func pinnedModule(t *testing.T, goMod, module string) cliVersion {
	t.Helper()
	b, err := os.ReadFile(goMod)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*(?:require\s+)?` + regexp.QuoteMeta(module) + `\s+v(\d+\.\d+\.\d+)\s*$`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("%s does not require %s", goMod, module)
	}
	v, _ := parseCLIVersion(string(m[1]))
	return v
}

var (
	tfversionConst = regexp.MustCompile(`tfversion\.Version(\d+)_(\d+)_(\d+)\b`)
	newVersionCall = regexp.MustCompile(`version\.NewVersion\("(\d+\.\d+\.\d+)"\)`)
)

// testedMinimums collects the Terraform versions the tests compare the CLI
// with (tfversion.SkipBelow, cliVersion(t).LessThan, ...).
func testedMinimums(t *testing.T) []cliVersion {
	t.Helper()
	var out []cliVersion
	add := func(v cliVersion) {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "." || d.Name() == "tools" || d.Name() == "bin") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") || path == "docs_claims_test.go" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range tfversionConst.FindAllStringSubmatch(string(b), -1) {
			v, _ := parseCLIVersion(m[1] + "." + m[2] + "." + m[3])
			add(v)
		}
		for _, m := range newVersionCall.FindAllStringSubmatch(string(b), -1) {
			v, _ := parseCLIVersion(m[1])
			add(v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(out, func(a, b cliVersion) int {
		return cmpInts(a.major, b.major, a.minor, b.minor, a.patch, b.patch)
	})
	return out
}

func cmpInts(pairs ...int) int {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i] != pairs[i+1] {
			if pairs[i] < pairs[i+1] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// docFiles lists what users read: README.md, the generated docs, the
// templates and the examples.
func docFiles(t *testing.T) []string {
	t.Helper()
	files := []string{"README.md"}
	for _, root := range []string{"docs", "templates", "examples"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && slices.ContainsFunc([]string{".md", ".tmpl", ".tf", ".hcl"}, func(ext string) bool { return strings.HasSuffix(path, ext) }) {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// namedVersion is one CLI version a document names.
type namedVersion struct {
	cli     string // "Terraform" or "OpenTofu"
	version cliVersion
	line    int
}

var (
	// A version: 1.x or 1.x.y, not part of a longer number, an address or a
	// word (go1.26, v1.2.3 and 169.254.0.1 are not CLI versions here).
	versionToken = regexp.MustCompile(`(^|[^0-9A-Za-z_.])(1\.\d+(?:\.\d+)?)`)
	// What a version belongs to: the nearest of these to its left.
	cliWord = regexp.MustCompile(`Terraform|terraform|OpenTofu|tofu|required_version`)
)

// contextWindow is how far to the left (across the previous line) a CLI's
// name may stand from a version that belongs to it.
const contextWindow = 80

// namedVersions finds every CLI version text names. A version counts when a
// CLI's name (or required_version) stands at most contextWindow characters
// to its left, or when it is in a table column whose header names a CLI;
// it belongs to the nearest such name, OpenTofu when that is "OpenTofu" or
// "tofu", else Terraform.
func namedVersions(text string) []namedVersion {
	var out []namedVersion
	lines := strings.Split(text, "\n")
	var header []string // cells of the current markdown table's header
	for i, line := range lines {
		trimmed := strings.TrimSpace(line)
		isRow := strings.HasPrefix(trimmed, "|") && strings.HasSuffix(trimmed, "|")
		var cells []string
		if isRow {
			cells = strings.Split(strings.Trim(trimmed, "|"), "|")
			if header == nil {
				header = cells
				continue
			}
			if strings.Trim(trimmed, "|-: ") == "" {
				continue // the separator row
			}
		} else {
			header = nil
		}
		prev := ""
		if i > 0 && !isRow {
			prev = lines[i-1] + "\n"
		}
		for _, m := range versionToken.FindAllStringSubmatchIndex(line, -1) {
			start, end := m[4], m[5]
			v, ok := parseCLIVersion(line[start:end])
			if !ok {
				continue
			}
			cli := ""
			if isRow {
				col := strings.Count(strings.TrimLeft(line[:start], " \t"), "|") - 1
				if col >= 0 && col < len(header) {
					cli = cliOf(header[col])
				}
				if col >= 0 && col < len(cells) {
					cellStart := strings.LastIndex(line[:start], "|") + 1
					if w := nearestCLI(line[cellStart:start]); w != "" {
						cli = w
					}
				}
			} else {
				left := prev + line[:start]
				if len(left) > contextWindow {
					left = left[len(left)-contextWindow:]
				}
				cli = nearestCLI(left)
			}
			if cli != "" {
				out = append(out, namedVersion{cli: cli, version: v, line: i + 1})
			}
		}
	}
	return out
}

// nearestCLI returns the CLI named last in s, "" if none.
func nearestCLI(s string) string {
	all := cliWord.FindAllString(s, -1)
	if len(all) == 0 {
		return ""
	}
	return cliOf(all[len(all)-1])
}

// cliOf says which CLI a header or word names, "" if none.
func cliOf(s string) string {
	switch {
	case strings.Contains(s, "OpenTofu"), strings.Contains(s, "tofu"):
		return "OpenTofu"
	case strings.Contains(s, "Terraform"), strings.Contains(s, "terraform"), strings.Contains(s, "required_version"):
		return "Terraform"
	}
	return ""
}

// TestDocs_versionsNamedAreTested fails on every Terraform or OpenTofu
// version the docs name that is neither built and tested by the project nor
// a minimum that a test skips below, naming file, line and version.
func TestDocs_versionsNamedAreTested(t *testing.T) {
	clis := map[string]claimable{
		"Terraform": {
			tested: []cliVersion{
				pinnedModule(t, "tools/terraform/go.mod", "github.com/hashicorp/terraform"),
				pinnedModule(t, "tools/terraform-oldest/go.mod", "github.com/hashicorp/terraform"),
			},
			minimums: testedMinimums(t),
		},
		"OpenTofu": {tested: []cliVersion{pinnedModule(t, "tools/tofu/go.mod", "github.com/opentofu/opentofu")}},
	}
	checked := 0
	for _, file := range docFiles(t) {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range namedVersions(string(b)) {
			checked++
			if c := clis[n.cli]; !c.allows(n.version) {
				t.Errorf("%s:%d: %s %s is neither a version the project builds and tests nor a minimum a test shows (%s)",
					file, n.line, n.cli, n.version, c)
			}
		}
	}
	if checked < 20 {
		t.Fatalf("found only %d CLI versions in the docs: the scan is broken", checked)
	}
}

func TestNamedVersions(t *testing.T) {
	text := strings.Join([]string{
		"peer 169.254.0.1/29, go1.26.8, polls at 0.5, 1.5 and 3.5 s.", // 1: none
		"Needs Terraform 1.11 or later, or OpenTofu 1.12.",            // 2
		"| Feature | Terraform | OpenTofu 1.12 |",                     // 3: header
		"|---|---|---|",                                                 // 4
		"| Ephemeral resources | 1.10+ | yes |",                         // 5
		"  required_version = \">= 1.4.6\"",                             // 6
		"the write-only key (Terraform",                                 // 7
		"1.9 and later).",                                               // 8
		"Terraform v1.16.3 and tfplugindocs v0.25.0 and version 1.2.3.", // 9: 1.2.3 is Terraform's
	}, "\n")
	var got []string
	for _, n := range namedVersions(text) {
		got = append(got, fmt.Sprintf("%d:%s %s", n.line, n.cli, n.version))
	}
	want := []string{"2:Terraform 1.11", "2:OpenTofu 1.12", "5:Terraform 1.10", "6:Terraform 1.4.6", "8:Terraform 1.9", "9:Terraform 1.2.3"}
	if !slices.Equal(got, want) {
		t.Errorf("namedVersions:\n got %q\nwant %q", got, want)
	}
}

func TestClaimableAllows(t *testing.T) {
	c := claimable{
		tested:   []cliVersion{{1, 16, 3, true}, {1, 4, 6, true}},
		minimums: []cliVersion{{1, 11, 0, true}},
	}
	for s, want := range map[string]bool{
		"1.16.3": true, "1.16": true, "1.4.6": true, "1.4": true, "1.11": true, "1.11.0": true,
		"1.16.2": false, "1.4.5": false, "1.9": false, "1.11.1": false,
	} {
		v, _ := parseCLIVersion(s)
		if got := c.allows(v); got != want {
			t.Errorf("allows(%s) = %v, want %v", s, got, want)
		}
	}
}

// The features whose Terraform minimum an example's required_version must
// cover, found by what the configuration writes.
var featureMinimums = []struct {
	pattern *regexp.Regexp
	feature string
	minimum cliVersion
}{
	{regexp.MustCompile(`(?m)^\s*import\s*\{`), "an import block", cliVersion{1, 6, 0, true}},
	{regexp.MustCompile(`(?m)^\s*moved\s*\{`), "a moved block", cliVersion{1, 8, 0, true}},
	{regexp.MustCompile(`(?m)^ephemeral\s+"|^\s*ephemeral\s*=\s*true`), "ephemeral values", cliVersion{1, 10, 0, true}},
	{regexp.MustCompile(`auth_key_wo\s*=`), "the write-only auth_key_wo", cliVersion{1, 11, 0, true}},
	{regexp.MustCompile(`(?m)^\s*identity\s*=\s*\{`), "import by identity", cliVersion{1, 12, 0, true}},
	{regexp.MustCompile(`(?m)^action\s+"|action_trigger\s*\{`), "an action", cliVersion{1, 14, 0, true}},
	{regexp.MustCompile(`on_failure\s*=\s*continue`), "on_failure = continue", cliVersion{1, 16, 0, true}},
}

var (
	requiredVersion    = regexp.MustCompile(`required_version\s*=\s*">=\s*(\d+\.\d+(?:\.\d+)?)"`)
	providerConstraint = regexp.MustCompile(`source\s*=\s*"pnc-tf/do"\s*\n\s*version\s*=\s*"([^"]+)"`)
	providerSource     = regexp.MustCompile(`source\s*=\s*"pnc-tf/do"`)
	hclBlock           = regexp.MustCompile("(?s)```(?:hcl|terraform)\n(.*?)```")
)

// TestDocs_examplesPinVersions checks that every example a user can copy (each
// file tfplugindocs shows, each scenario and guide folder, the README's
// configuration) pins required_version at least as high as the features it
// uses need, and the provider version the README gives.
func TestDocs_examplesPinVersions(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := providerConstraint.FindSubmatch(readme)
	if m == nil {
		t.Fatal(`README.md: no configuration with source = "pnc-tf/do" and a version constraint`)
	}
	constraint := string(m[1])

	// unit name -> its configuration text
	units := map[string]string{}
	for i, b := range hclBlock.FindAllSubmatch(readme, -1) {
		if providerSource.Match(b[1]) {
			units[fmt.Sprintf("README.md (configuration %d)", i+1)] = string(b[1])
		}
	}
	folders := map[string]bool{}
	err = filepath.WalkDir("examples", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".tf") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		parts := strings.Split(filepath.ToSlash(path), "/")
		if len(parts) == 4 && (parts[1] == "scenarios" || parts[1] == "guides") {
			dir := filepath.Dir(path)
			units[dir] += string(b) + "\n"
			folders[dir] = true
			return nil
		}
		units[path] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(units) < 15 {
		t.Fatalf("found only %d examples: the scan is broken", len(units))
	}
	for name, text := range units {
		rv := requiredVersion.FindStringSubmatch(text)
		if rv == nil {
			t.Errorf(`%s: no required_version = ">= X.Y"`, name)
			continue
		}
		pinned, _ := parseCLIVersion(rv[1])
		for _, f := range featureMinimums {
			if f.pattern.MatchString(text) && cmpInts(pinned.major, f.minimum.major, pinned.minor, f.minimum.minor, pinned.patch, f.minimum.patch) < 0 {
				t.Errorf("%s: required_version >= %s, but it uses %s, which needs %s", name, pinned, f.feature, f.minimum)
			}
		}
		// Import examples are shown with resource.tf, which declares the
		// provider; everything else declares it itself.
		if strings.Contains(name, "import-by-") {
			continue
		}
		if !providerSource.MatchString(text) {
			t.Errorf(`%s: no required_providers entry with source = "pnc-tf/do"`, name)
			continue
		}
		if c := providerConstraint.FindStringSubmatch(text); c == nil || c[1] != constraint {
			t.Errorf(`%s: the provider's version constraint is not the README's %q`, name, constraint)
		}
	}
}

var (
	tffileCall   = regexp.MustCompile(`\{\{\s*tffile\s+"([^"]+)"\s*\}\}`)
	fencedTF     = regexp.MustCompile("(?s)```(?:terraform|hcl)\n(.*?)```")
	varReference = regexp.MustCompile(`\bvar\.([A-Za-z0-9_-]+)`)
	varDecl      = regexp.MustCompile(`(?m)^\s*variable\s+"([A-Za-z0-9_-]+)"`)
)

// TestDocs_guidesShowEveryVariable checks that every variable a guide's
// example uses is declared in what the guide shows (a file it includes with
// tffile, or a configuration written in the guide), so a reader can copy it.
func TestDocs_guidesShowEveryVariable(t *testing.T) {
	guides, err := filepath.Glob("templates/guides/*.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	if len(guides) == 0 {
		t.Fatal("no guides in templates/guides")
	}
	for _, guide := range guides {
		b, err := os.ReadFile(guide)
		if err != nil {
			t.Fatal(err)
		}
		shown := []string{}
		for _, m := range tffileCall.FindAllStringSubmatch(string(b), -1) {
			f, err := os.ReadFile(m[1])
			if err != nil {
				t.Fatalf("%s: tffile %s: %v", guide, m[1], err)
			}
			shown = append(shown, string(f))
		}
		for _, m := range fencedTF.FindAllStringSubmatch(string(b), -1) {
			shown = append(shown, m[1])
		}
		all := strings.Join(shown, "\n")
		declared := map[string]bool{}
		for _, m := range varDecl.FindAllStringSubmatch(all, -1) {
			declared[m[1]] = true
		}
		for _, m := range varReference.FindAllStringSubmatch(all, -1) {
			if !declared[m[1]] {
				t.Errorf("%s: its example uses var.%s, which nothing the guide shows declares", guide, m[1])
				declared[m[1]] = true // once per guide
			}
		}
	}
}

// TestDocs_readmeClaimsNameRealTests: every test that CONTRIBUTING.md's
// "README claims and their checks" names as the check of a README claim
// exists, so that a renamed or deleted test cannot leave a claim unbacked.
func TestDocs_readmeClaimsNameRealTests(t *testing.T) {
	b, err := os.ReadFile("CONTRIBUTING.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	start := strings.Index(doc, "## README claims and their checks")
	if start < 0 {
		t.Fatal(`CONTRIBUTING.md has no "README claims and their checks" section`)
	}
	section := doc[start:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+3]
	}
	named := regexp.MustCompile("`(Test[A-Za-z0-9_]+)[^`]*`").FindAllStringSubmatch(section, -1)
	if len(named) == 0 {
		t.Fatal("the section names no test")
	}
	var sources strings.Builder
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "bin" || d.Name() == ".cache") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(path, "_test.go") {
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sources.Write(src)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range named {
		if !strings.Contains(sources.String(), "func "+m[1]+"(") {
			t.Errorf("CONTRIBUTING.md backs a README claim with %s, which no test file defines", m[1])
		}
	}
}
