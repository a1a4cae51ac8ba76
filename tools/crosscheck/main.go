// Command crosscheck type-checks the provider for every platform that
// .goreleaser.yml releases, without compiling or linking a binary: for
// each GOOS/GOARCH pair of each build it loads the build's main package
// and every package it imports, from source, with that platform's build
// constraints and the build's environment (CGO_ENABLED=0), and
// type-checks them all, function bodies included. A file that is missing,
// mistyped or that does not build on one platform fails the check, naming
// the platform.
//
// CI (`make release-check`) runs it beside one full release build of the
// host's platform: type-checking takes seconds per platform where
// compiling and linking all eight took most of ten minutes. What it does
// not do is assemble or link; the host build does both for one platform.
//
//	crosscheck [-config .goreleaser.yml] [-dir .]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"
	"gopkg.in/yaml.v3"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "crosscheck:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("crosscheck", flag.ContinueOnError)
	config := fs.String("config", ".goreleaser.yml", "goreleaser configuration whose builds are checked")
	dir := fs.String("dir", ".", "module root the configuration's paths are relative to")
	if err := fs.Parse(args); err != nil {
		return err
	}
	builds, err := readBuilds(filepath.Join(*dir, *config))
	if err != nil {
		return err
	}
	failed := 0
	for _, b := range builds {
		targets, err := b.platforms()
		if err != nil {
			return fmt.Errorf("%s: %w", *config, err)
		}
		for _, t := range targets {
			n, errs, err := typeCheck(*dir, b, t)
			if err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
			if len(errs) > 0 {
				failed++
				fmt.Fprintf(out, "%s: %d error(s) in %s\n", t, len(errs), b.mainPkg())
				for _, e := range errs {
					fmt.Fprintf(out, "  %s\n", e)
				}
				continue
			}
			fmt.Fprintf(out, "%s: %s and the %d packages it imports type-check\n", t, b.mainPkg(), n-1)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d platform(s) do not type-check", failed)
	}
	return nil
}

// build is the part of a goreleaser build that decides what is compiled.
type build struct {
	Main    string   `yaml:"main"`
	Env     []string `yaml:"env"`
	Flags   []string `yaml:"flags"`
	Goos    []string `yaml:"goos"`
	Goarch  []string `yaml:"goarch"`
	Targets []string `yaml:"targets"`
	Ignore  []struct {
		Goos   string `yaml:"goos"`
		Goarch string `yaml:"goarch"`
	} `yaml:"ignore"`
}

func readBuilds(path string) ([]build, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cfg struct {
		Builds []build `yaml:"builds"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(cfg.Builds) == 0 {
		return nil, fmt.Errorf("%s: no builds", path)
	}
	return cfg.Builds, nil
}

func (b build) mainPkg() string {
	if b.Main == "" {
		return "."
	}
	return b.Main
}

// platforms lists the build's GOOS/GOARCH pairs as goreleaser does: its
// targets if given (goos_goarch, with an optional _variant), else every
// goos with every goarch, less the ignored pairs.
func (b build) platforms() ([]string, error) {
	var out []string
	if len(b.Targets) > 0 {
		for _, t := range b.Targets {
			parts := strings.Split(t, "_")
			if len(parts) < 2 {
				return nil, fmt.Errorf("target %q is not goos_goarch", t)
			}
			if p := parts[0] + "/" + parts[1]; !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
		return out, nil
	}
	if len(b.Goos) == 0 || len(b.Goarch) == 0 {
		return nil, fmt.Errorf("a build lists no goos or no goarch (goreleaser's defaults are not assumed here)")
	}
	for _, goos := range b.Goos {
		for _, goarch := range b.Goarch {
			if !slices.ContainsFunc(b.Ignore, func(i struct {
				Goos   string `yaml:"goos"`
				Goarch string `yaml:"goarch"`
			}) bool {
				return i.Goos == goos && i.Goarch == goarch
			}) {
				out = append(out, goos+"/"+goarch)
			}
		}
	}
	return out, nil
}

// typeCheck loads and type-checks b's main package with every dependency
// for target ("goos/goarch"). It returns how many packages it checked and
// their errors.
func typeCheck(dir string, b build, target string) (int, []string, error) {
	goos, goarch, _ := strings.Cut(target, "/")
	env := append(os.Environ(), b.Env...)
	env = append(env, "GOOS="+goos, "GOARCH="+goarch)
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps |
			packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:        dir,
		Env:        env,
		BuildFlags: slices.DeleteFunc(slices.Clone(b.Flags), func(f string) bool { return f == "-trimpath" }),
	}
	pkgs, err := packages.Load(cfg, b.mainPkg())
	if err != nil {
		return 0, nil, err
	}
	var n int
	var errs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		n++
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
	})
	return n, errs, nil
}
