package exampletest

import (
	"slices"
	"testing"
	"testing/fstest"
)

func TestDiscover_claimsEveryKnownLayout(t *testing.T) {
	file := &fstest.MapFile{Data: []byte("# example\n")}
	tree := fstest.MapFS{
		"README.md":                                      file,
		"provider/provider.tf":                           file,
		"resources/do_x/resource.tf":                     file,
		"resources/do_x/resource_write_only.tf":          file,
		"resources/do_x/import-by-string-id.tf":          file,
		"resources/do_x/import.sh":                       file,
		"data-sources/do_x/data-source.tf":               file,
		"ephemeral-resources/do_x/ephemeral-resource.tf": file,
		"actions/do_a/action.tf":                         file,
		"list-resources/do_x/list-resource.tfquery.hcl":  file,
		"scenarios/README.md":                            file,
		"scenarios/one/main.tf":                          file,
		"scenarios/one/variables.tf":                     file,
		"scenarios/one/README.md":                        file,
		"scenarios/query/main.tf":                        file,
		"scenarios/query/find.tfquery.hcl":               file,
		"guides/howto/main.tf":                           file,
		"guides/howto/variables.tf":                      file,
	}
	units, unclaimed, err := discover(tree)
	if err != nil {
		t.Fatal(err)
	}
	if len(unclaimed) != 0 {
		t.Errorf("unclaimed files: %v", unclaimed)
	}

	got := map[string]exampleUnit{}
	for _, u := range units {
		got[u.Name] = u
	}
	want := map[string]exampleUnit{
		"provider/provider.tf":                           {Kind: validateUnit, Files: []string{"provider.tf"}},
		"resources/do_x/resource.tf":                     {Kind: validateUnit, Files: []string{"resource.tf"}},
		"resources/do_x/resource_write_only.tf":          {Kind: validateUnit, Files: []string{"resource_write_only.tf"}},
		"resources/do_x/import-by-string-id.tf":          {Kind: validateUnit, Files: []string{"resource.tf", "import-by-string-id.tf"}},
		"resources/do_x/import.sh":                       {Kind: importScript, Files: []string{"resource.tf", "import.sh"}},
		"data-sources/do_x/data-source.tf":               {Kind: validateUnit, Files: []string{"data-source.tf"}},
		"ephemeral-resources/do_x/ephemeral-resource.tf": {Kind: validateUnit, Files: []string{"ephemeral-resource.tf"}},
		"actions/do_a/action.tf":                         {Kind: validateUnit, Files: []string{"action.tf"}, TerraformOnly: "actions"},
		"list-resources/do_x/list-resource.tfquery.hcl":  {Kind: validateUnit, Files: []string{"list-resource.tfquery.hcl"}, Query: true, TerraformOnly: "list resources"},
		"scenarios/one":                                  {Kind: scenarioUnit, Files: []string{"main.tf", "variables.tf"}},
		"scenarios/query":                                {Kind: scenarioUnit, Files: []string{"find.tfquery.hcl", "main.tf"}, Query: true},
		"guides/howto":                                   {Kind: guideUnit, Files: []string{"main.tf", "variables.tf"}},
	}
	if len(got) != len(want) {
		t.Errorf("got %d units, want %d: %v", len(got), len(want), units)
	}
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			t.Errorf("no unit %s", name)
			continue
		}
		if g.Kind != w.Kind || !slices.Equal(g.Files, w.Files) || g.Query != w.Query || g.TerraformOnly != w.TerraformOnly {
			t.Errorf("unit %s = %+v, want %+v", name, g, w)
		}
	}
}

func TestDiscover_reportsFilesNoTestExercises(t *testing.T) {
	file := &fstest.MapFile{Data: []byte("x\n")}
	tree := fstest.MapFS{
		"resources/do_x/import.sh":        file, // no resource.tf to import into
		"resources/do_x/notes.txt":        file,
		"resources/do_y/resource.tf":      file,
		"guides/setup.tf":                 file, // a guide's example needs a folder of its own
		"guides/one/main.tf":              file,
		"guides/one/notes.txt":            file,
		"guides/one/deeper/main.tf":       file,
		"data-sources/do_x/example.tf":    file, // wrong name for a data source example
		"scenarios/nested/deeper/main.tf": file,
		"scenarios/one/main.tf":           file,
		"scenarios/one/notes.txt":         file,
	}
	_, unclaimed, err := discover(tree)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"data-sources/do_x/example.tf", "guides/one/deeper/main.tf", "guides/one/notes.txt", "guides/setup.tf", "resources/do_x/import.sh",
		"resources/do_x/notes.txt", "scenarios/nested/deeper/main.tf", "scenarios/one/notes.txt",
	}
	slices.Sort(unclaimed)
	if !slices.Equal(unclaimed, want) {
		t.Errorf("unclaimed = %v, want %v", unclaimed, want)
	}
}
