package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/waiter"
)

// apiAnswer is the error godo returns for an API's answer with status.
func apiAnswer(status int, message string) error {
	return &godo.ErrorResponse{
		Response:  &http.Response{StatusCode: status, Header: http.Header{}, Request: &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/v2/partner_network_connect/attachments"}}},
		Message:   message,
		RequestID: "req-1",
	}
}

// Representative call sites, each run for real, with the summary and detail
// they print: the shape holds at the sites, not only in the helper. The
// acceptance tests assert the rest against the emulator.
func TestDiagnosticCallSites(t *testing.T) {
	ctx := context.Background()
	const id = "0b7c1f2e-1111-4222-8333-444455556666"
	ref := attachmentRef(id, "")
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	for _, tc := range []struct {
		name        string
		run         func(diags *diag.Diagnostics)
		wantSummary string
		wantDetail  []string
		wantWarning bool
	}{
		// apiFailure: the kind of failure, and what to do about it.
		{
			name: "403 on a read names the read scope",
			run: func(d *diag.Diagnostics) {
				report(ctx, d, apiFailure(ctx, opReading, ref, apiAnswer(403, "You do not have access for the attempted action.")))
			},
			wantSummary: "Reading partner attachment " + id + ": permission denied (HTTP 403)",
			wantDetail:  []string{"The API answered HTTP 403: You do not have access", "request_id: req-1", "partner_network_connect:read"},
		},
		{
			name: "403 on a create names the create scope",
			run: func(d *diag.Diagnostics) {
				report(ctx, d, apiFailure(ctx, opCreating, attachmentRef("", "edge-a"), apiAnswer(403, "forbidden")))
			},
			wantSummary: `Creating partner attachment "edge-a": permission denied (HTTP 403)`,
			wantDetail:  []string{"partner_network_connect:create"},
		},
		{
			name: "403 on a regeneration names the write scope",
			run: func(d *diag.Diagnostics) {
				report(ctx, d, apiFailure(ctx, opRegenerating, ref, apiAnswer(403, "forbidden")))
			},
			wantSummary: "Regenerating the service key of partner attachment " + id + ": permission denied (HTTP 403)",
			wantDetail:  []string{"partner_network_connect:write"},
		},
		{
			name: "403 on a delete says what the reference lists",
			run: func(d *diag.Diagnostics) {
				report(ctx, d, apiFailure(ctx, opDeleting, ref, apiAnswer(403, "forbidden")))
			},
			wantSummary: "Deleting partner attachment " + id + ": permission denied (HTTP 403)",
			wantDetail:  []string{"lists partner_network_connect:read for updates and deletes", "If the API's message above names a scope, grant that one"},
		},
		{
			name: "401",
			run: func(d *diag.Diagnostics) {
				report(ctx, d, apiFailure(ctx, opListing, subjectAttachments, apiAnswer(401, "Unable to authenticate you.")))
			},
			wantSummary: "Listing partner attachments: token not accepted (HTTP 401)",
			wantDetail:  []string{"Unable to authenticate you.", "DIGITALOCEAN_TOKEN"},
		},
		{
			name: "404",
			run: func(d *diag.Diagnostics) {
				report(ctx, d, apiFailure(ctx, opUpdating, ref, apiAnswer(404, "not found")))
			},
			wantSummary: "Updating partner attachment " + id + ": not found",
			wantDetail:  []string{"HTTP 404", "Check the ID"},
		},
		{
			name: "an attachment the API reports DELETED is not found",
			run: func(d *diag.Diagnostics) {
				report(ctx, d, apiFailure(ctx, opReading, ref, &apiclient.GoneError{ID: id, State: "DELETED"}))
			},
			wantSummary: "Reading partner attachment " + id + ": not found",
			wantDetail:  []string{"has been deleted"},
		},
		{
			name: "429 after the resends",
			run: func(d *diag.Diagnostics) {
				report(ctx, d, apiFailure(ctx, opReading, ref, apiAnswer(429, "Too many requests")))
			},
			wantSummary: "Reading partner attachment " + id + ": rate limited (HTTP 429)",
			wantDetail:  []string{"HTTP 429", "resent for up to two minutes", "-parallelism"},
		},
		{
			name: "another 4xx",
			run: func(d *diag.Diagnostics) {
				report(ctx, d, apiFailure(ctx, opUpdating, ref, apiAnswer(422, "bandwidth not offered")))
			},
			wantSummary: "Updating partner attachment " + id + ": request refused by the API",
			wantDetail:  []string{"HTTP 422", "bandwidth not offered", "Correct what its message names"},
		},
		{
			name: "5xx after the retries",
			run: func(d *diag.Diagnostics) {
				report(ctx, d, apiFailure(ctx, opDeleting, ref, apiAnswer(503, "Service Unavailable")))
			},
			wantSummary: "Deleting partner attachment " + id + ": API server error",
			wantDetail:  []string{"HTTP 503", "http_retry_max", "request_id"},
		},
		{
			name: "an answer the client cannot use",
			run: func(d *diag.Diagnostics) {
				report(ctx, d, apiFailure(ctx, opReading, ref, &apiclient.MalformedError{Method: "GET", Path: "/v2/x", Status: 200, Reason: "not JSON"}))
			},
			wantSummary: "Reading partner attachment " + id + ": unusable answer from the API",
			wantDetail:  []string{"answered HTTP 200 with a body the provider cannot use: not JSON", "api_endpoint"},
		},
		{
			name: "no answer at all",
			run: func(d *diag.Diagnostics) {
				err := &url.Error{Op: "Get", URL: "https://api.example.invalid/v2/partner_network_connect/attachments", Err: syscall.ECONNREFUSED}
				report(ctx, d, apiFailure(ctx, opListing, subjectAttachments, err))
			},
			wantSummary: "Listing partner attachments: API request failed",
			wantDetail:  []string{"connection refused", "HTTPS_PROXY", "api_endpoint"},
		},
		// Waits.
		{
			name: "a create's wait timing out",
			run: func(d *diag.Diagnostics) {
				createWaitEnded(ctx, id, &waiter.TimeoutError{Timeout: time.Second, LastState: "CREATING"}, d)
			},
			wantSummary: "Waiting for partner attachment " + id + ": timed out",
			wantDetail:  []string{"did not become ready: timed out after 1s", "marked tainted", "timeouts.create"},
		},
		{
			name:        "a create's wait ending in ERROR",
			run:         func(d *diag.Diagnostics) { createWaitEnded(ctx, id, &waiter.FailedStateError{State: "ERROR"}, d) },
			wantSummary: "Waiting for partner attachment " + id + ": entered an error state",
			wantDetail:  []string{`entered error state "ERROR"`, "marked tainted"},
		},
		{
			name:        "a create's wait interrupted is a warning",
			run:         func(d *diag.Diagnostics) { createWaitEnded(canceled, id, context.Canceled, d) },
			wantSummary: "Waiting for partner attachment " + id + ": interrupted",
			wantDetail:  []string{"the next apply waits for it"},
			wantWarning: true,
		},
		// Configuration and checks.
		{
			name:        "an API client that cannot be built",
			run:         func(d *diag.Diagnostics) { newAPIClient(ctx, apiclient.Config{APIEndpoint: defaultAPIEndpoint}, d) },
			wantSummary: "Configuring the provider: cannot create the API client",
			wantDetail:  []string{"no API token"},
		},
		{
			name:        "provider data of the wrong type",
			run:         func(d *diag.Diagnostics) { configuredData("not provider data", d) },
			wantSummary: "Configuring the provider: unexpected provider data",
			wantDetail:  []string{"got string", "This is a bug in the provider"},
		},
		{
			name: "a router IP without a prefix length",
			run: func(d *diag.Diagnostics) {
				resp := &validator.StringResponse{}
				cidrValidator{}.ValidateString(ctx, validator.StringRequest{Path: pathPeerRouterIP, ConfigValue: types.StringValue("169.254.0.6")}, resp)
				d.Append(resp.Diagnostics...)
			},
			wantSummary: "Validating bgp.peer_router_ip: invalid router IP",
			wantDetail:  []string{`such as 169.254.0.1/29; got "169.254.0.6"`},
		},
		{
			name:        "a null VPC ID",
			run:         func(d *diag.Diagnostics) { d.Append(validateVPCIDs(ctx, types.StringNull())...) },
			wantSummary: "Validating vpc_ids: null VPC ID",
			wantDetail:  []string{"vpc_ids lists no VPC ID (null)"},
		},
		{
			name: "a VPC ID twice, in two letter cases",
			run: func(d *diag.Diagnostics) {
				d.Append(validateVPCIDs(ctx, types.StringValue("AB-1"), types.StringValue("ab-1"))...)
			},
			wantSummary: "Validating vpc_ids: duplicate VPC ID",
			wantDetail:  []string{`lists VPC ab-1 twice (as "AB-1" and "ab-1")`},
		},
		{
			name: "a name_regex only known at apply",
			run: func(d *diag.Diagnostics) {
				_, diags := attachmentFilterModel{NameRegex: types.StringValue("[a-")}.filter()
				d.Append(diags...)
			},
			wantSummary: "Validating name_regex: invalid regular expression",
			wantDetail:  []string{"missing closing ]"},
		},
		{
			name: "state from the official provider without an id",
			run: func(d *diag.Diagnostics) {
				resp := resource.MoveStateResponse{TargetState: emptyTargetState(ctx)}
				moveFromOfficialProvider(ctx, moveRequest(officialTypeName, "registry.terraform.io/digitalocean/digitalocean", `{"name":"x"}`), &resp)
				d.Append(resp.Diagnostics...)
			},
			wantSummary: "Moving state to do_partner_attachment: source state has no id",
			wantDetail:  []string{"has no id", "import block"},
		},
		{
			name: "state from the official provider in another form",
			run: func(d *diag.Diagnostics) {
				resp := resource.MoveStateResponse{TargetState: emptyTargetState(ctx)}
				moveFromOfficialProvider(ctx, moveRequest(officialTypeName, "registry.terraform.io/digitalocean/digitalocean", `{"id":["not","a","string"]}`), &resp)
				d.Append(resp.Diagnostics...)
			},
			wantSummary: "Moving state to do_partner_attachment: source state unreadable",
			wantDetail:  []string{"not in the form the official DigitalOcean provider writes"},
		},
		{
			name: "a view missing an attribute",
			run: func(d *diag.Diagnostics) {
				obj := types.ObjectValueMust(map[string]attr.Type{"a": types.StringType}, map[string]attr.Value{"a": types.StringValue("x")})
				_, diags := projectObject(obj, types.ObjectType{AttrTypes: map[string]attr.Type{"b": types.StringType}})
				d.Append(diags...)
			},
			wantSummary: "Reading partner attachment: internal error",
			wantDetail:  []string{`no attribute "b"`, "please report it"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var diags diag.Diagnostics
			tc.run(&diags)
			if len(diags) != 1 {
				t.Fatalf("got %d diagnostics, want 1: %v", len(diags), diags)
			}
			d := diags[0]
			if d.Summary() != tc.wantSummary {
				t.Errorf("summary %q, want %q", d.Summary(), tc.wantSummary)
			}
			if !summaryShape.MatchString(d.Summary()) {
				t.Errorf("summary %q is not in the shape <Operation> <subject>: <problem>", d.Summary())
			}
			for _, w := range tc.wantDetail {
				if !strings.Contains(d.Detail(), w) {
					t.Errorf("detail lacks %q:\n%s", w, d.Detail())
				}
			}
			if got := d.Severity() == diag.SeverityWarning; got != tc.wantWarning {
				t.Errorf("warning = %v, want %v", got, tc.wantWarning)
			}
		})
	}
}

// validateVPCIDs runs vpcIDsValidator on a vpc_ids set of elems.
func validateVPCIDs(ctx context.Context, elems ...attr.Value) diag.Diagnostics {
	set, diags := types.SetValue(types.StringType, elems)
	if diags.HasError() {
		panic(fmt.Sprint(diags))
	}
	resp := &validator.SetResponse{}
	vpcIDsValidator{}.ValidateSet(ctx, validator.SetRequest{Path: path.Root("vpc_ids"), ConfigValue: set}, resp)
	return resp.Diagnostics
}
