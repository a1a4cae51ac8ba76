package exampletest

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// unitKind says how an example is exercised.
type unitKind int

const (
	// validateUnit: its files form one module that must pass validate.
	validateUnit unitKind = iota
	// importScript: an import.sh, run against the emulator next to the
	// resource example it imports into.
	importScript
	// scenarioUnit: a whole folder under scenarios/, validated, then
	// applied and destroyed by TestAccScenarios.
	scenarioUnit
	// guideUnit: a whole folder under guides/, the example a guide in
	// templates/guides/ shows, validated, then run by TestAccGuides.
	guideUnit
)

// exampleUnit is one thing a test does with the examples: validate a file (or
// a file and the one it builds on), run a script, or apply a scenario.
type exampleUnit struct {
	Name  string   // path under examples/, the subtest name
	Kind  unitKind // how it is exercised
	Dir   string   // folder under examples/ holding the files
	Files []string // file names in Dir, copied together into one module
	// Query: the files include .tfquery.hcl, validated with -query.
	Query bool
	// TerraformOnly names the feature OpenTofu lacks, if the unit uses one.
	TerraformOnly string
}

// typeDir describes the tfplugindocs folders with one sub-folder per type.
type typeDir struct {
	pattern       string // files validated one by one
	terraformOnly string // feature OpenTofu lacks, if any
}

var typeDirs = map[string]typeDir{
	"resources":           {pattern: "resource*.tf"},
	"data-sources":        {pattern: "data-source*.tf"},
	"ephemeral-resources": {pattern: "ephemeral-resource*.tf"},
	"actions":             {pattern: "action*.tf", terraformOnly: "actions"},
	"list-resources":      {pattern: "list-resource*.tfquery.hcl", terraformOnly: "list resources"},
}

// discover lists every unit under the examples tree fsys, and every file no
// unit claims. README.md files are documentation, not examples.
func discover(fsys fs.FS) (units []exampleUnit, unclaimed []string, err error) {
	claimed := map[string]bool{}
	claim := func(u exampleUnit) {
		units = append(units, u)
		for _, f := range u.Files {
			claimed[path.Join(u.Dir, f)] = true
		}
	}

	dirs, err := dirsWithFiles(fsys)
	if err != nil {
		return nil, nil, err
	}
	for _, dir := range dirs {
		files, err := fileNames(fsys, dir)
		if err != nil {
			return nil, nil, err
		}
		parts := strings.Split(dir, "/")
		switch {
		case dir == "provider":
			claimEach(dir, files, "provider*.tf", "", claim)
		case len(parts) == 2 && parts[0] == "scenarios":
			claim(rootModule(dir, files, scenarioUnit))
		case len(parts) == 2 && parts[0] == "guides":
			claim(rootModule(dir, files, guideUnit))
		case len(parts) == 2 && typeDirs[parts[0]].pattern != "":
			td := typeDirs[parts[0]]
			claimEach(dir, files, td.pattern, td.terraformOnly, claim)
			if parts[0] == "resources" {
				claimImports(dir, files, claim)
			}
		}
	}

	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && d.Name() != "README.md" && !claimed[p] {
			unclaimed = append(unclaimed, p)
		}
		return nil
	})
	return units, unclaimed, err
}

// claimEach makes every file matching pattern a unit of its own.
func claimEach(dir string, files []string, pattern, terraformOnly string, claim func(exampleUnit)) {
	for _, f := range files {
		if ok, _ := path.Match(pattern, f); ok {
			claim(exampleUnit{
				Name: path.Join(dir, f), Kind: validateUnit, Dir: dir, Files: []string{f},
				Query: strings.HasSuffix(f, ".tfquery.hcl"), TerraformOnly: terraformOnly,
			})
		}
	}
}

// claimImports pairs each import example with resource.tf, which declares
// the resource it imports into.
func claimImports(dir string, files []string, claim func(exampleUnit)) {
	if !slices.Contains(files, "resource.tf") {
		return // left unclaimed: an import needs its resource
	}
	for _, f := range files {
		if ok, _ := path.Match("import-by-*.tf", f); ok {
			claim(exampleUnit{Name: path.Join(dir, f), Kind: validateUnit, Dir: dir, Files: []string{"resource.tf", f}})
		}
		if f == "import.sh" {
			claim(exampleUnit{Name: path.Join(dir, f), Kind: importScript, Dir: dir, Files: []string{"resource.tf", f}})
		}
	}
}

// rootModule claims a scenario's or a guide's folder: its configuration
// files form one module.
func rootModule(dir string, files []string, kind unitKind) exampleUnit {
	u := exampleUnit{Name: dir, Kind: kind, Dir: dir}
	for _, f := range files {
		query := strings.HasSuffix(f, ".tfquery.hcl")
		if query || strings.HasSuffix(f, ".tf") {
			u.Files = append(u.Files, f)
			u.Query = u.Query || query
		}
	}
	return u
}

// dirsWithFiles lists, in lexical order, every folder that holds a file.
func dirsWithFiles(fsys fs.FS) ([]string, error) {
	seen := map[string]bool{}
	var dirs []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if dir := path.Dir(p); !d.IsDir() && !seen[dir] {
			seen[dir] = true
			dirs = append(dirs, dir)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing examples: %w", err)
	}
	slices.Sort(dirs)
	return dirs, nil
}

// fileNames lists the regular files directly in dir.
func fileNames(fsys fs.FS, dir string) ([]string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names, nil
}
