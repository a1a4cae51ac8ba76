package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/digitalocean/godo"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

type sweepOptions struct {
	region  string        // "all", or one region compared case-insensitively
	wait    WaitTiming    // polling while an attachment is deleted; zero: production
	timeout time.Duration // for each deletion
	logf    func(format string, args ...any)
}

// sweepReport says what a sweep did, for the log.
type sweepReport struct {
	deleted []string
	kept    []string
}

func (r sweepReport) String() string {
	s := fmt.Sprintf("deleted %d test attachment(s)", len(r.deleted))
	if len(r.deleted) > 0 {
		s += ": " + strings.Join(r.deleted, ", ")
	}
	if len(r.kept) > 0 {
		s += fmt.Sprintf("; kept %d: %s", len(r.kept), strings.Join(r.kept, "; "))
	}
	return s
}

// sweepAttachments deletes the test attachments left in region (planSweep),
// round by round: every DELETE of a round is sent, then each attachment is
// waited for until the API answers 404, with the provider's own waiter,
// before the next round (their parents) starts. The whole list is read,
// every page, before anything is deleted, so deletions cannot shift pages
// under the walk. A failure is reported and stops only the failed
// attachment's ancestors.
func sweepAttachments(ctx context.Context, client *godo.Client, opts sweepOptions) (sweepReport, error) {
	all, err := apiclient.NewAttachments(client).ListAll(ctx)
	if err != nil {
		return sweepReport{}, fmt.Errorf("listing partner attachments: %s", apiclient.Describe(ctx, err))
	}
	plan := planSweep(all, opts.region)
	report := sweepReport{kept: plan.kept}
	data := &providerData{client: client, api: apiclient.NewAttachments(client), wait: opts.wait.withDefaults()}
	blocked := map[string]string{}
	var errs []error
	fail := func(a *godo.PartnerAttachment, err error) {
		errs = append(errs, err)
		for _, id := range plan.ancestors(a.ID) {
			blocked[id] = "its descendant " + attachmentLabel(a) + " could not be deleted"
		}
	}
	for _, round := range plan.rounds {
		var sent []*godo.PartnerAttachment
		for _, a := range round {
			if why, ok := blocked[a.ID]; ok {
				report.kept = append(report.kept, attachmentLabel(a)+": "+why)
				continue
			}
			opts.logf("[INFO] sweeper: deleting partner attachment %s", attachmentLabel(a))
			if _, err := client.PartnerAttachment.Delete(ctx, a.ID); err != nil && !apiclient.IsNotFound(err) {
				fail(a, fmt.Errorf("deleting partner attachment %s: %s", attachmentLabel(a), apiclient.Describe(ctx, err)))
				continue
			}
			sent = append(sent, a)
		}
		for _, a := range sent {
			if err := waitAttachmentDeleted(ctx, data, a.ID, opts.timeout); err != nil {
				fail(a, fmt.Errorf("waiting for partner attachment %s to be deleted: %w", attachmentLabel(a), err))
				continue
			}
			report.deleted = append(report.deleted, attachmentLabel(a))
		}
	}
	return report, errors.Join(errs...)
}

// sweepEmulator is an emulator whose deletions take a while, so the sweeper
// must wait for them, without rate limiting (the sweeper's polling is fast
// here).
func sweepEmulator(t *testing.T) (*fakeapi.Server, *godo.Client) {
	t.Helper()
	api := fakeapi.NewTestServer(t, fakeapi.Options{ProvisioningDelay: 50 * time.Millisecond, RateLimitPerMinute: -1})
	client, err := apiclient.New(apiclient.Config{Token: api.Token(), APIEndpoint: api.URL(), UserAgent: sweeperUserAgent})
	if err != nil {
		t.Fatal(err)
	}
	return api, client
}

// remainingNames lists every attachment the emulator still holds, DELETING
// ones included: a sweep that did not wait would leave those.
func remainingNames(api *fakeapi.Server) []string {
	var names []string
	for _, a := range api.Attachments() {
		names = append(names, a.Name+" "+a.State)
	}
	slices.Sort(names)
	return names
}

// journalIndex is the position of the first request matching method, path
// and status (0: any), or -1.
func journalIndex(j []fakeapi.Entry, method, path string, status int) int {
	return slices.IndexFunc(j, func(e fakeapi.Entry) bool {
		return e.Method == method && e.Path == path && (status == 0 || e.Status == status)
	})
}

// Leftovers spread over three pages of the list: a parent with a child
// (listed before it), a lone one on the last page, a test parent whose child
// is not a test attachment, one in another region, and names that merely
// look like the prefix. Only the prefixed ones in the region go, children
// first, each gone (404) before its parent is deleted.
func TestSweepAttachments_onlyPrefixedChildrenFirst(t *testing.T) {
	api, client := sweepEmulator(t)
	const parentID = "8f0c41a4-6d0e-4f6a-9d39-3f4b1b8e0a01"
	childID := api.Seed(fakeapi.SeedAttachment{Name: "tfacc-child-x1", ParentUUID: parentID})
	var want []string
	for i := range 420 {
		name := fmt.Sprintf("prod-%03d", i)
		api.Seed(fakeapi.SeedAttachment{Name: name})
		want = append(want, name)
	}
	api.Seed(fakeapi.SeedAttachment{ID: parentID, Name: "tfacc-parent-x1"})
	keptParent := api.Seed(fakeapi.SeedAttachment{Name: "tfacc-keep-parent"})
	api.Seed(fakeapi.SeedAttachment{Name: "prod-child-of-a-test-parent", ParentUUID: keptParent})
	api.Seed(fakeapi.SeedAttachment{Name: "tfacc-in-ams", Region: "ams"})
	api.Seed(fakeapi.SeedAttachment{Name: "app-tfacc-lookalike"})
	api.Seed(fakeapi.SeedAttachment{Name: "TFACC-upper-case"})
	loneID := api.Seed(fakeapi.SeedAttachment{Name: "tfacc-lone-x2"})
	want = append(want, "prod-child-of-a-test-parent", "tfacc-keep-parent", "tfacc-in-ams", "app-tfacc-lookalike", "TFACC-upper-case")
	for i := range want {
		want[i] += " CREATED"
	}
	slices.Sort(want)
	api.ResetJournal()

	report, err := sweepAttachments(t.Context(), client, sweepOptions{region: "nyc", wait: accWait, timeout: time.Minute, logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	if got := remainingNames(api); !slices.Equal(got, want) {
		t.Errorf("left after the sweep (%d):\n%s\nwant (%d) every attachment without the prefix, the kept parent and the one in ams", len(got), strings.Join(got, "\n"), len(want))
	}
	if err := (&accEnv{api: api}).checkEveryPageOnce(attachmentsPath, 3)(nil); err != nil {
		t.Error(err)
	}
	j := api.Journal()
	delChild, childGone := journalIndex(j, "DELETE", attachmentsPath+"/"+childID, 0), journalIndex(j, "GET", attachmentsPath+"/"+childID, http.StatusNotFound)
	delParent := journalIndex(j, "DELETE", attachmentsPath+"/"+parentID, 0)
	if delChild < 0 || childGone < delChild || delParent < childGone {
		t.Errorf("want DELETE child, then GET child -> 404, then DELETE parent; got positions %d, %d, %d in:\n%v", delChild, childGone, delParent, j)
	}
	wantDeleted := []string{"tfacc-child-x1 (" + childID + ")", "tfacc-lone-x2 (" + loneID + ")", "tfacc-parent-x1 (" + parentID + ")"}
	if !slices.Equal(report.deleted, wantDeleted) {
		t.Errorf("report.deleted = %q, want %q", report.deleted, wantDeleted)
	}
	if len(report.kept) != 1 || !strings.Contains(report.kept[0], "tfacc-keep-parent ("+keptParent+"): its child prod-child-of-a-test-parent") {
		t.Errorf("report.kept = %q, want the test parent of a non-test child", report.kept)
	}

	// Sweeping every region takes the one in ams too.
	if _, err := sweepAttachments(t.Context(), client, sweepOptions{region: "all", wait: accWait, timeout: time.Minute, logf: t.Logf}); err != nil {
		t.Fatal(err)
	}
	if got := remainingNames(api); slices.Contains(got, "tfacc-in-ams CREATED") || len(got) != len(want)-1 {
		t.Errorf("after sweeping all regions, left: %q", got)
	}
}

// A child the API refuses to delete keeps its parent (and reports why),
// while unrelated leftovers are still swept; the sweep returns the error.
func TestSweepAttachments_failedChildKeepsItsParent(t *testing.T) {
	api, client := sweepEmulator(t)
	parent := api.Seed(fakeapi.SeedAttachment{Name: "tfacc-parent"})
	child := api.Seed(fakeapi.SeedAttachment{Name: "tfacc-child", ParentUUID: parent})
	api.Seed(fakeapi.SeedAttachment{Name: "tfacc-lone"})
	api.InjectFaults(fakeapi.Fault{Status: http.StatusConflict, Match: fakeapi.MatchRequest("DELETE", attachmentsPath+"/"+child)})

	report, err := sweepAttachments(t.Context(), client, sweepOptions{region: "all", wait: accWait, timeout: time.Minute, logf: t.Logf})
	if err == nil || !strings.Contains(err.Error(), "deleting partner attachment tfacc-child ("+child+"): The API answered HTTP 409") {
		t.Errorf("err = %v, want the child's refused DELETE", err)
	}
	if got := remainingNames(api); !slices.Equal(got, []string{"tfacc-child CREATED", "tfacc-parent CREATED"}) {
		t.Errorf("left %q, want the child and its parent only", got)
	}
	if n := api.Count("DELETE", attachmentsPath+"/"+parent); n != 0 {
		t.Errorf("the parent of a child that could not be deleted got %d DELETEs", n)
	}
	if len(report.kept) != 1 || !strings.Contains(report.kept[0], "tfacc-parent ("+parent+"): its descendant tfacc-child") {
		t.Errorf("report.kept = %q", report.kept)
	}
}
