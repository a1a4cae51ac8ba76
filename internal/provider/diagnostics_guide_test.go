package provider

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The troubleshooting guide lists every diagnostic the provider reports, and
// quotes only messages that tests produce. These two tests read both from
// the code, so neither a new diagnostic nor a stale guide entry goes
// unnoticed. See diagnostics.go for how to add a diagnostic.

// guideSources are the troubleshooting guide's template and the page
// generated from it; a diagnostic counts as listed when both have it.
var guideSources = []string{
	"../../templates/guides/troubleshooting.md.tmpl",
	"../../docs/guides/troubleshooting.md",
}

// codeDirs hold the code whose diagnostics the guide must list.
var codeDirs = []string{".", "../apiclient"}

// diagnosticHelper is the only file that may call the framework's
// diagnostic constructors.
const diagnosticHelper = "diagnostics.go"

// frameworkDiagnosticCalls add a diagnostic with a summary of the caller's
// choosing; only diagnosticHelper may call them.
var frameworkDiagnosticCalls = map[string]bool{
	"AddError": true, "AddWarning": true, "AddAttributeError": true, "AddAttributeWarning": true,
	"NewErrorDiagnostic": true, "NewWarningDiagnostic": true,
	"NewAttributeErrorDiagnostic": true, "NewAttributeWarningDiagnostic": true,
}

// diagnosticSite is one place in the code that reports diagnostics: a
// diagnostic{...} literal, or a call of a function that takes an operation
// or a problem (apiFailure, routerIPFinding, addReadError, ...).
type diagnosticSite struct {
	pos      string
	ops      []string // "" entries are never kept: an operation the caller passes is checked at the caller
	problems []string
}

// codeDiagnostics is what the provider's code can report.
type codeDiagnostics struct {
	sites    []diagnosticSite
	problems map[string]string // every problem constant: name -> phrase
	ops      map[string]string // every operation constant: name -> phrase
	errs     []string          // sites whose operation or problem is not a fixed string, stray framework calls
}

// readCodeDiagnostics parses the non-test Go files of codeDirs.
func readCodeDiagnostics(t *testing.T) codeDiagnostics {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	for _, dir := range codeDirs {
		names, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
	}
	r := &resolver{fset: fset, consts: map[string]string{}, constType: map[string]string{}, funcs: map[string]*ast.FuncDecl{}}
	for _, f := range files {
		r.collect(f)
	}
	cd := codeDiagnostics{problems: map[string]string{}, ops: map[string]string{}}
	for name, typ := range r.constType {
		switch typ {
		case "problem":
			cd.problems[name] = r.consts[name]
		case "operation":
			cd.ops[name] = r.consts[name]
		}
	}
	for _, f := range files {
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if n == nil {
					return false
				}
				pos := fset.Position(n.Pos())
				where := fmt.Sprintf("%s:%d", filepath.Base(pos.Filename), pos.Line)
				switch n := n.(type) {
				case *ast.CompositeLit:
					if id, ok := n.Type.(*ast.Ident); ok && id.Name == "diagnostic" {
						cd.addSite(r, fn, where, fieldOf(n, "Op"), fieldOf(n, "Problem"))
					}
				case *ast.CallExpr:
					if sel, ok := n.Fun.(*ast.SelectorExpr); ok && frameworkDiagnosticCalls[sel.Sel.Name] &&
						filepath.Base(pos.Filename) != diagnosticHelper {
						cd.errs = append(cd.errs, fmt.Sprintf("%s: %s called outside %s: report the diagnostic with report() instead",
							where, sel.Sel.Name, diagnosticHelper))
					}
					if id, ok := n.Fun.(*ast.Ident); ok {
						if callee := r.funcs[id.Name]; callee != nil {
							op, p := argOfType(callee, n, "operation"), argOfType(callee, n, "problem")
							if op != nil || p != nil {
								cd.addSite(r, fn, where, op, p)
							}
						}
					}
				}
				return true
			})
		}
	}
	return cd
}

func (cd *codeDiagnostics) addSite(r *resolver, fn *ast.FuncDecl, where string, op, p ast.Expr) {
	site := diagnosticSite{pos: where}
	var err error
	if op != nil {
		if site.ops, err = r.resolve(fn, op); err != nil {
			cd.errs = append(cd.errs, fmt.Sprintf("%s: operation: %v", where, err))
		}
	}
	if p != nil {
		if site.problems, err = r.resolve(fn, p); err != nil {
			cd.errs = append(cd.errs, fmt.Sprintf("%s: problem: %v", where, err))
		}
	}
	cd.sites = append(cd.sites, site)
}

// fieldOf is the value of field name in a keyed composite literal.
func fieldOf(lit *ast.CompositeLit, name string) ast.Expr {
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == name {
				return kv.Value
			}
		}
	}
	return nil
}

// argOfType is the argument call passes for callee's parameter of type typ.
func argOfType(callee *ast.FuncDecl, call *ast.CallExpr, typ string) ast.Expr {
	i := 0
	for _, field := range callee.Type.Params.List {
		names := max(len(field.Names), 1)
		if id, ok := field.Type.(*ast.Ident); ok && id.Name == typ && i < len(call.Args) {
			return call.Args[i]
		}
		i += names
	}
	return nil
}

// resolver finds the fixed strings an operation or problem expression can
// have: constants, literals, local variables assigned from them, and the
// results of package functions that return them.
type resolver struct {
	fset      *token.FileSet
	consts    map[string]string // string constants: name -> value
	constType map[string]string // their declared type
	funcs     map[string]*ast.FuncDecl
}

func (r *resolver) collect(f *ast.File) {
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				r.funcs[d.Name.Name] = d
			}
		case *ast.GenDecl:
			if d.Tok != token.CONST {
				continue
			}
			for _, spec := range d.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i >= len(vs.Values) {
						continue
					}
					typ := ""
					if id, ok := vs.Type.(*ast.Ident); ok {
						typ = id.Name
					}
					v := vs.Values[i]
					if call, ok := v.(*ast.CallExpr); ok && len(call.Args) == 1 { // problem("...")
						if id, ok := call.Fun.(*ast.Ident); ok {
							typ, v = id.Name, call.Args[0]
						}
					}
					if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						s, err := strconv.Unquote(lit.Value)
						if err == nil {
							r.consts[name.Name], r.constType[name.Name] = s, typ
						}
					}
				}
			}
		}
	}
}

// resolve returns the fixed strings e can be inside fn; nil, nil for a
// parameter of fn (its callers are sites of their own).
func (r *resolver) resolve(fn *ast.FuncDecl, e ast.Expr) ([]string, error) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			s, err := strconv.Unquote(e.Value)
			return []string{s}, err
		}
	case *ast.Ident:
		if v, ok := r.consts[e.Name]; ok {
			return []string{v}, nil
		}
		for _, field := range fn.Type.Params.List {
			for _, n := range field.Names {
				if n.Name == e.Name {
					return nil, nil
				}
			}
		}
		return r.resolveLocal(fn, e.Name)
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok && len(e.Args) == 1 && (id.Name == "problem" || id.Name == "operation") {
			return r.resolve(fn, e.Args[0])
		}
	}
	return nil, fmt.Errorf("%s is not a fixed string: use a constant from diagnostics.go", r.source(e))
}

// resolveLocal resolves every assignment to the local variable name in fn.
func (r *resolver) resolveLocal(fn *ast.FuncDecl, name string) ([]string, error) {
	var out []string
	var errs []error
	found := false
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			return true
		}
		for i, lhs := range as.Lhs {
			id, ok := lhs.(*ast.Ident)
			if !ok || id.Name != name {
				continue
			}
			found = true
			var vals []string
			var err error
			if len(as.Rhs) == len(as.Lhs) {
				vals, err = r.resolve(fn, as.Rhs[i])
			} else {
				vals, err = r.resolveResult(as.Rhs[0], i)
			}
			out = append(out, vals...)
			if err != nil {
				errs = append(errs, err)
			}
		}
		return true
	})
	if !found {
		return nil, fmt.Errorf("%s is not a fixed string: use a constant from diagnostics.go", name)
	}
	if len(errs) > 0 {
		return out, errs[0]
	}
	return out, nil
}

// resolveResult resolves result i of the package function call calls.
func (r *resolver) resolveResult(call ast.Expr, i int) ([]string, error) {
	c, ok := call.(*ast.CallExpr)
	var callee *ast.FuncDecl
	if ok {
		if id, ok := c.Fun.(*ast.Ident); ok {
			callee = r.funcs[id.Name]
		}
	}
	if callee == nil {
		return nil, fmt.Errorf("%s is not a fixed string: use a constant from diagnostics.go", r.source(call))
	}
	var out []string
	var err error
	ast.Inspect(callee.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if ret, ok := n.(*ast.ReturnStmt); ok && i < len(ret.Results) {
			vals, e := r.resolve(callee, ret.Results[i])
			out = append(out, vals...)
			if e != nil && err == nil {
				err = e
			}
		}
		return true
	})
	return out, err
}

func (r *resolver) source(e ast.Expr) string {
	return fmt.Sprintf("%T at %s", e, r.fset.Position(e.Pos()))
}

// readGuides returns the text of each guide source.
func readGuides(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range guideSources {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("the troubleshooting guide: %v", err)
		}
		out[p] = string(b)
	}
	return out
}

// missingFromGuide lists what of cd the guide lacks. The guide lists a
// diagnostic as a heading that quotes its summary (see guideSummary); a
// summary quoted elsewhere, such as in an example, does not count. Each
// problem needs a heading ending in it; each operation a heading or a row of
// the operations table starting with it; and each site with a fixed
// operation and problem a heading with both.
func missingFromGuide(cd codeDiagnostics, guide string) []string {
	var missing []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			missing = append(missing, s)
		}
	}
	headings := guideSummary.FindAllStringSubmatch(guide, -1)
	hasHeading := func(op, p string) bool {
		return slices.ContainsFunc(headings, func(h []string) bool {
			return (p == "" || h[2] == p) && (op == "" || strings.HasPrefix(h[1], op+" "))
		})
	}
	problems := maps.Clone(cd.problems)
	for _, s := range cd.sites {
		for _, p := range s.problems {
			problems[p] = p
		}
	}
	for _, p := range sortedValues(problems) {
		if !hasHeading("", p) {
			add(fmt.Sprintf("problem %q (no heading ### `<summary>` ends with \": %s\")", p, p))
		}
	}
	for _, op := range sortedValues(cd.ops) {
		if !hasHeading(op, "") && !regexp.MustCompile("(?m)^\\| `"+regexp.QuoteMeta(op)+" ").MatchString(guide) {
			add(fmt.Sprintf("operation %q (no heading or row of the operations table starts with it)", op))
		}
	}
	for _, s := range cd.sites {
		for _, op := range s.ops {
			for _, p := range s.problems {
				if !hasHeading(op, p) {
					add(fmt.Sprintf("summary %q (reported at %s)", op+" ...: "+p, s.pos))
				}
			}
		}
	}
	return missing
}

func sortedValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// TestTroubleshootingGuideCoversDiagnostics fails for each diagnostic the
// code can report that the troubleshooting guide does not list, and for any
// diagnostic built outside diagnostics.go.
func TestTroubleshootingGuideCoversDiagnostics(t *testing.T) {
	cd := readCodeDiagnostics(t)
	for _, e := range cd.errs {
		t.Error(e)
	}
	if len(cd.sites) < 40 || len(cd.problems) < 30 {
		t.Fatalf("found %d diagnostic sites and %d problems in the code: the scan is broken", len(cd.sites), len(cd.problems))
	}
	for path, guide := range readGuides(t) {
		for _, m := range missingFromGuide(cd, guide) {
			t.Errorf("%s lacks %s", path, m)
		}
		for _, p := range staleInGuide(cd, guide) {
			t.Errorf("%s lists the problem %q, which the code never reports: remove it or correct it", path, p)
		}
	}
}

// staleInGuide are the problems of the guide's headings that no site in
// the code reports.
func staleInGuide(cd codeDiagnostics, guide string) []string {
	known := map[string]bool{}
	for _, p := range cd.problems {
		known[p] = true
	}
	for _, s := range cd.sites {
		for _, p := range s.problems {
			known[p] = true
		}
	}
	var stale []string
	for _, p := range guideProblems(guide) {
		if !known[p] {
			stale = append(stale, p)
		}
	}
	return stale
}

// guideSummary is a summary the guide quotes as a heading:
// ### `<Operation> <subject>: <problem>`
var guideSummary = regexp.MustCompile("(?m)^#{3,4} `([^`\n]+): ([^`\n:]+)`$")

// guideProblems are the problem phrases of the guide's headings.
func guideProblems(guide string) []string {
	var out []string
	for _, m := range guideSummary.FindAllStringSubmatch(guide, -1) {
		out = append(out, m[2])
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// testFilesExempt are test files whose strings do not count as producing a
// message: this one, and the table of the helper itself (which formats
// summaries of its own making).
var testFilesExempt = map[string]bool{"diagnostics_guide_test.go": true, "diagnostics_shape_test.go": true}

// testAssertionTexts are the string literals of the repository's test files
// (testFilesExempt aside), with regular-expression spellings of spaces and
// escaped punctuation undone, so that `: not\s+found` reads ": not found".
func testAssertionTexts(t *testing.T) []string {
	t.Helper()
	var out []string
	unregex := strings.NewReplacer(`\s+`, " ", `\s*`, " ", `\s`, " ", `\(`, "(", `\)`, ")", `\.`, ".", `\/`, "/", `\"`, `"`)
	err := filepath.WalkDir("../..", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "bin" || d.Name() == ".cache") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, "_test.go") || testFilesExempt[d.Name()] {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					out = append(out, unregex.Replace(s))
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// untestedPhrases are the problems the guide quotes that no test text
// asserts as the end of a summary (": <problem>").
func untestedPhrases(problems, texts []string) []string {
	var out []string
	for _, p := range problems {
		if !slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, ": "+p) }) {
			out = append(out, p)
		}
	}
	return out
}

// TestTroubleshootingGuidePhrasesAreTested fails for each problem the guide
// quotes that no test asserts: the guide quotes what the provider is shown
// to print, not what someone remembers it printing.
func TestTroubleshootingGuidePhrasesAreTested(t *testing.T) {
	texts := testAssertionTexts(t)
	for path, guide := range readGuides(t) {
		problems := guideProblems(guide)
		if len(problems) < 30 {
			t.Fatalf("%s: found %d summaries (### `<summary>` headings): the scan is broken", path, len(problems))
		}
		for _, p := range untestedPhrases(problems, texts) {
			t.Errorf("%s quotes the problem %q, but no test asserts a summary ending in it", path, p)
		}
	}
}
