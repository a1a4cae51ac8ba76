package provider

// Every diagnostic (error or warning) this provider reports is built here,
// in one shape:
//
//	<Operation> <subject>: <problem>
//
// such as `Creating partner attachment "edge-a": name already in use`.
//
// To add a diagnostic:
//  1. pick an operation below (or add one: a capitalised -ing phrase);
//  2. give it a subject: attachmentRef(id, name), subjectProvider,
//     subjectAttachments, or attributeSubject(path) for a check of one
//     attribute's value;
//  3. add a problem constant below: a short, fixed, lower-case phrase,
//     distinct per kind of diagnostic;
//  4. report it:
//     report(ctx, &diags, diagnostic{Op: ..., Subject: ..., Problem: ..., Detail: ...})
//     (At: path for an attribute, Warning: true for a warning), or, for an
//     error from the API client or a wait,
//     report(ctx, &diags, apiFailure(ctx, op, subject, err)).
//     The detail says what happened, then what to do; report masks every
//     secret registered on ctx (apiclient.WithSecrets);
//  5. add a ### `<summary>` heading for it to
//     templates/guides/troubleshooting.md.tmpl (cause, what to do), run
//     `make docs`, and assert the summary in a test (an ExpectError regex or
//     a string check; a row of TestDiagnosticCallSites will do).
//
// TestTroubleshootingGuideCoversDiagnostics reads this package's code and
// fails for a diagnostic the guide does not list;
// TestTroubleshootingGuidePhrasesAreTested fails for a problem the guide
// quotes that no test asserts. No other file calls AddError, AddWarning or
// their attribute forms (the first test checks that too).

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/waiter"
)

// operation names what the provider was doing.
type operation string

const (
	opConfiguring       operation = "Configuring"
	opValidating        operation = "Validating"
	opPlanning          operation = "Planning"
	opCreating          operation = "Creating"
	opReading           operation = "Reading"
	opUpdating          operation = "Updating"
	opDeleting          operation = "Deleting"
	opImporting         operation = "Importing"
	opMoving            operation = "Moving state to"
	opListing           operation = "Listing"
	opWaitingFor        operation = "Waiting for"
	opReadingBGPKey     operation = "Reading the BGP auth key of"
	opReadingServiceKey operation = "Reading the service key of"
	opReadingRoutes     operation = "Reading the remote routes of"
	opRegenerating      operation = "Regenerating the service key of"
	opBuilding          operation = "Building the schema of"
)

// problem is the fixed phrase that ends a summary; the troubleshooting guide
// keys on it.
type problem string

// Problems with the API's answer, chosen by apiFailure from the error.
const (
	problemUnauthorized = problem("token not accepted (HTTP 401)")
	problemForbidden    = problem("permission denied (HTTP 403)")
	problemNotFound     = problem("not found")
	problemRateLimited  = problem("rate limited (HTTP 429)")
	problemRefused      = problem("request refused by the API")
	problemServerError  = problem("API server error")
	problemUnusable     = problem("unusable answer from the API")
	problemUnreachable  = problem("API request failed")
	problemTimedOut     = problem("timed out")
	problemErrorState   = problem("entered an error state")
	problemInterrupted  = problem("interrupted")
)

// Problems a single call site reports.
const (
	// Provider configuration.
	problemUnknownSetting    = problem("setting unknown until apply")
	problemMissingToken      = problem("missing API token")
	problemEndpointNotURL    = problem("api_endpoint is not a URL")
	problemEndpointUserInfo  = problem("api_endpoint has user info")
	problemEndpointQuery     = problem("api_endpoint has a query string")
	problemEndpointFragment  = problem("api_endpoint has a fragment")
	problemEndpointDots      = problem("api_endpoint path has dot segments")
	problemEndpointPlainHTTP = problem("api_endpoint is not https")
	problemInvalidRetry      = problem("retry wait minimum above maximum")
	problemNoClient          = problem("cannot create the API client")
	problemProviderData      = problem("unexpected provider data")

	// Checks of the configuration and the plan.
	problemInvalidRegex        = problem("invalid regular expression")
	problemInvalidRouterIP     = problem("invalid router IP")
	problemNullVPCID           = problem("null VPC ID")
	problemDuplicateVPCID      = problem("duplicate VPC ID")
	problemMissingAuthKey      = problem("missing BGP auth key")
	problemFamiliesDiffer      = problem("router IPs of different address families")
	problemNetworkAddress      = problem("router IP is the subnet's network address")
	problemBroadcastAddress    = problem("router IP is the subnet's broadcast address")
	problemPrefixLengthsDiffer = problem("router IPs with different prefix lengths")
	problemSubnetsDiffer       = problem("router IPs in different subnets")
	problemSameRouterIP        = problem("router IPs are the same address")
	problemOutsideLinkLocal    = problem("router IPs outside 169.254.0.0/16")
	problemPeerASNIsLocal      = problem("peer ASN equals the local ASN")
	problemHAPairOneZone       = problem("HA pair in one redundancy zone")
	// Values the API owns (known_values.go).
	problemNotRegionSlug = problem("not a region slug")
	problemNotZoneName   = problem("not a redundancy zone name")
	problemNotMbps       = problem("not a positive number of Mbps")
	problemUnlistedValue = problem("value not in the API reference's list")

	// The resource.
	problemNameInUse = problem("name already in use")
	problemNameTaken = problem("name taken by a different attachment")
	// Checks of the plan against the API (partner_attachment_plan_checks.go).
	problemNameTakenInPlan    = problem("name taken in this plan")
	problemNameFreed          = problem("name freed in the same plan")
	problemNameHeldUnfinished = problem("name held by an unfinished attachment")
	problemChecksSkipped      = problem("name and parent checks skipped")
	problemParentNotFound     = problem("parent attachment not found")
	problemParentDeleting     = problem("parent attachment being deleted")
	problemParentFailed       = problem("parent attachment failed")
	problemParentIsChild      = problem("parent attachment is a child")
	problemOutcomeUnknown     = problem("outcome unknown")
	problemAdopted            = problem("adopted after a lost answer")
	problemGone               = problem("no longer exists")
	problemInvalidImportID    = problem("invalid import ID")
	problemNotOfficial        = problem("source state unreadable")
	problemNoSourceID         = problem("source state has no id")

	// Data sources.
	problemNoSuchName   = problem("no attachment has this name")
	problemSeveralNamed = problem("several attachments have this name")
	problemProviderBug  = problem("internal error")
)

// subject is what the operation was about.
type subject string

const (
	subjectProvider    subject = "the provider"
	subjectAttachments subject = "partner attachments"
)

// attachmentRef is `partner attachment <id>` when the ID is known, else
// `partner attachment "<name>"`, else `partner attachment`.
func attachmentRef(id, name string) subject {
	switch {
	case id != "":
		return subject("partner attachment " + id)
	case name != "":
		return subject(fmt.Sprintf("partner attachment %q", name))
	}
	return "partner attachment"
}

// attributeSubject is the subject of a check of one attribute's value.
func attributeSubject(p path.Path) subject { return subject(p.String()) }

// diagnostic is one error or warning in the provider's shape.
type diagnostic struct {
	Op      operation
	Subject subject
	Problem problem
	Detail  string    // what happened, then what to do
	At      path.Path // the attribute it concerns; empty for none
	Warning bool
}

// Summary is `<Operation> <subject>: <problem>`.
func (d diagnostic) Summary() string {
	return fmt.Sprintf("%s %s: %s", d.Op, d.Subject, d.Problem)
}

// report adds d to diags, every secret registered on ctx
// (apiclient.WithSecrets) in its summary and detail replaced by "***".
func report(ctx context.Context, diags *diag.Diagnostics, d diagnostic) {
	summary, detail := apiclient.Mask(ctx, d.Summary()), apiclient.Mask(ctx, d.Detail)
	onAttribute := len(d.At.Steps()) > 0
	switch {
	case d.Warning && !onAttribute:
		diags.AddWarning(summary, detail)
	case d.Warning:
		diags.AddAttributeWarning(d.At, summary, detail)
	case !onAttribute:
		diags.AddError(summary, detail)
	default:
		diags.AddAttributeError(d.At, summary, detail)
	}
}

// apiFailure is the error for err, returned by the API client or a wait
// during op on s: the problem says what kind of failure it was, and the
// detail shows the API's answer (masked, see apiclient.Describe) and what to
// do about that kind. Callers may prefix the detail with what was left
// behind, or set At.
func apiFailure(ctx context.Context, op operation, s subject, err error) diagnostic {
	p, advice := classify(op, err)
	detail := apiclient.Describe(ctx, err)
	if advice != "" {
		detail += "\n\n" + advice
	}
	return diagnostic{Op: op, Subject: s, Problem: p, Detail: detail}
}

// classify names the kind of failure err is, and what to do about it.
func classify(op operation, err error) (problem, string) {
	var timedOut *waiter.TimeoutError
	var failed *waiter.FailedStateError
	var malformed *apiclient.MalformedError
	switch {
	case errors.As(err, &timedOut):
		return problemTimedOut, "The attachment is still being provisioned, or stuck. Check its state in the control panel or with the do_partner_attachment data source; if it is just slow, raise the operation's timeout (timeouts block) and apply again."
	case errors.As(err, &failed):
		return problemErrorState, "The API reports the attachment failed. Its settings (region, bandwidth, VPCs, BGP) may be ones the partner side cannot provision. Correct the configuration and apply again: the failed attachment is replaced. If it fails again, contact DigitalOcean support with the attachment's ID."
	case errors.As(err, &malformed):
		return problemUnusable, "Something between the provider and the API (a proxy, a gateway, or the wrong api_endpoint) answered instead of the API, or the API answered incompletely. Check api_endpoint and any proxy settings (HTTPS_PROXY), then apply again."
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return problemInterrupted, "Terraform stopped the operation (interrupted, or its deadline passed). Run the command again."
	}
	if apiclient.IsNotFound(err) {
		return problemNotFound, "The attachment does not exist, or the API token belongs to a team that cannot see it. Check the ID, and that the token is one of the owning team's."
	}
	e, ok := apiclient.AsAPIError(err)
	if !ok {
		return problemUnreachable, "The provider got no answer from the API: check the network, DNS and proxy settings (HTTPS_PROXY), and api_endpoint. Connection failures are retried (http_retry_max times) before this error."
	}
	switch {
	case e.Status == http.StatusUnauthorized:
		return problemUnauthorized, "The API token is wrong, expired or revoked. Set a valid token in the provider block or in DIGITALOCEAN_TOKEN."
	case e.Status == http.StatusForbidden:
		return problemForbidden, "The API token lacks the scope this request needs: " + scopeAdvice(op) +
			" If the API's message above names a scope, grant that one; a token with full access has them all."
	case e.Status == http.StatusTooManyRequests:
		return problemRateLimited, "The API's rate limit still refused the request after the provider's resends (reads and deletes are resent for up to two minutes; creates and updates only when the provider could confirm they did nothing). Wait a minute, lower -parallelism or requests_per_second, or spread pipelines that share the token, then apply again."
	case e.Status >= 500:
		return problemServerError, "The API failed on its side, also after the provider's retries (http_retry_max). Apply again later; if it persists, check https://status.digitalocean.com and report the request_id to DigitalOcean support."
	}
	return problemRefused, "The API refused the request as shown above. Correct what its message names and apply again."
}

// scopeAdvice says which token scope op needs, as the API reference lists it.
func scopeAdvice(op operation) string {
	switch op {
	case opCreating:
		return "partner_network_connect:create to create an attachment (and partner_network_connect:read for the reads around it)."
	case opRegenerating:
		return "partner_network_connect:write to regenerate a service key (and partner_network_connect:read to read it)."
	case opUpdating, opDeleting:
		return "the API reference lists partner_network_connect:read for updates and deletes (against its own rule of one scope per kind of request)."
	}
	return "partner_network_connect:read for every read."
}

// providerBug is the detail of a diagnostic that only a bug can cause.
func providerBug(what string) string {
	return what + "\n\nThis is a bug in the provider; please report it (see the troubleshooting guide for how to share a log without secrets)."
}
