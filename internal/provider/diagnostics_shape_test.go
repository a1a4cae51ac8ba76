package provider

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

// summaryShape is `<Operation> <subject>: <problem>`: a capitalised
// operation, a subject, and a lower-case problem (an acronym such as HA or
// API may start it) with no colon of its own.
var summaryShape = regexp.MustCompile(`^[A-Z][a-z]+(?: [^:]+)? [^:]+: (?:[a-z]|[A-Z]{2,})[^:]*$`)

// The helper on its own: the subject names the attachment by ID when known,
// else by name, the severity and attribute are kept, and registered secrets
// are masked in summary and detail alike.
func TestReportShape(t *testing.T) {
	ctx := apiclient.WithSecrets(context.Background(), "s3cret-key")
	for _, tc := range []struct {
		name        string
		d           diagnostic
		wantSummary string
		wantDetail  string
		wantWarning bool
		wantPath    path.Path
	}{
		{
			name:        "attachment by ID, even when the name is known",
			d:           diagnostic{Op: opReading, Subject: attachmentRef("0b7c", "edge-a"), Problem: problemNotFound, Detail: "d"},
			wantSummary: "Reading partner attachment 0b7c: not found", wantDetail: "d", wantPath: path.Empty(),
		},
		{
			name:        "attachment by name before it has an ID",
			d:           diagnostic{Op: opCreating, Subject: attachmentRef("", "edge-a"), Problem: problemNameInUse},
			wantSummary: `Creating partner attachment "edge-a": name already in use`, wantPath: path.Empty(),
		},
		{
			name:        "neither known",
			d:           diagnostic{Op: opImporting, Subject: attachmentRef("", ""), Problem: problemInvalidImportID},
			wantSummary: "Importing partner attachment: invalid import ID", wantPath: path.Empty(),
		},
		{
			name:        "the provider, on an attribute",
			d:           diagnostic{Op: opConfiguring, Subject: subjectProvider, Problem: problemMissingToken, At: path.Root("token")},
			wantSummary: "Configuring the provider: missing API token", wantPath: path.Root("token"),
		},
		{
			name:        "an attribute's check, as a warning",
			d:           diagnostic{Op: opPlanning, Subject: attributeSubject(pathRedundancy), Problem: problemHAPairOneZone, At: pathRedundancy, Warning: true},
			wantSummary: "Planning redundancy_zone: HA pair in one redundancy zone", wantWarning: true, wantPath: pathRedundancy,
		},
		{
			name:        "a warning on no attribute",
			d:           diagnostic{Op: opWaitingFor, Subject: attachmentRef("0b7c", ""), Problem: problemInterrupted, Warning: true},
			wantSummary: "Waiting for partner attachment 0b7c: interrupted", wantWarning: true, wantPath: path.Empty(),
		},
		{
			name:        "secrets masked in summary and detail",
			d:           diagnostic{Op: opCreating, Subject: attachmentRef("", "s3cret-key"), Problem: problemRefused, Detail: "key s3cret-key echoed"},
			wantSummary: `Creating partner attachment "***": request refused by the API`, wantDetail: "key *** echoed", wantPath: path.Empty(),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var diags diag.Diagnostics
			report(ctx, &diags, tc.d)
			if len(diags) != 1 {
				t.Fatalf("got %d diagnostics, want 1", len(diags))
			}
			d := diags[0]
			if d.Summary() != tc.wantSummary || d.Detail() != tc.wantDetail {
				t.Errorf("got %q / %q, want %q / %q", d.Summary(), d.Detail(), tc.wantSummary, tc.wantDetail)
			}
			if !summaryShape.MatchString(d.Summary()) {
				t.Errorf("summary %q is not in the shape <Operation> <subject>: <problem>", d.Summary())
			}
			if (d.Severity() == diag.SeverityWarning) != tc.wantWarning {
				t.Errorf("severity %v, want warning: %v", d.Severity(), tc.wantWarning)
			}
			a, onAttribute := d.(diag.DiagnosticWithPath)
			switch {
			case onAttribute != (len(tc.wantPath.Steps()) > 0):
				t.Errorf("on an attribute: %v, want %q", onAttribute, tc.wantPath)
			case onAttribute && !a.Path().Equal(tc.wantPath):
				t.Errorf("path %q, want %q", a.Path(), tc.wantPath)
			}
		})
	}
}

// Every operation and problem the code declares fits the shape: operations
// capitalised, problems lower-case (acronyms aside), no colon, distinct.
func TestDiagnosticPhrases(t *testing.T) {
	cd := readCodeDiagnostics(t)
	seen := map[string]string{}
	for name, p := range cd.problems {
		if strings.Contains(p, ":") || p != strings.TrimSpace(p) || !regexp.MustCompile(`^(?:[a-z]|[A-Z]{2,})`).MatchString(p) {
			t.Errorf("problem %s = %q: want a lower-case phrase without a colon", name, p)
		}
		if other, dup := seen[p]; dup {
			t.Errorf("problems %s and %s are both %q: each kind of diagnostic needs its own phrase", name, other, p)
		}
		seen[p] = name
	}
	for name, op := range cd.ops {
		if !regexp.MustCompile(`^[A-Z][a-z]+ing\b[^:]*$`).MatchString(op) {
			t.Errorf("operation %s = %q: want a capitalised -ing phrase", name, op)
		}
	}
}
