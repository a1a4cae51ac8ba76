package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/digitalocean/godo"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
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
