package provider

import (
	"context"
	"fmt"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

// updateAttachment sends a PATCH so that a change is made once. A PATCH
// that took effect starts an operation (UPDATING) during which the API
// refuses further changes, so a blind retry of one whose answer was lost
// would fail. Instead the attachment is looked at before any retry, and
// after the last attempt: if it is updating or already shows the change,
// the PATCH took effect and updateAttachment returns nil.
func updateAttachment(ctx context.Context, api *apiclient.Attachments, id string, body apiclient.AttachmentUpdate) error {
	check := func(ctx context.Context) (bool, error) { return patchApplied(ctx, api, id, body) }
	_, err := api.Update(apiclient.WithOutcomeCheck(ctx, check), id, body)
	if err == nil || !apiclient.OutcomeUnknown(err) {
		return err
	}
	applied, checkErr := check(ctx)
	switch {
	case checkErr != nil:
		return fmt.Errorf("%s\n\nWhether the change was made is unknown: reading the attachment failed too:\n%s",
			apiclient.Describe(ctx, err), apiclient.Describe(ctx, checkErr))
	case !applied:
		return err
	}
	return nil
}

// patchApplied reports whether attachment id is in an operation (the PATCH
// started one) or already shows every change in body. The BGP auth key is
// only compared (fetched) when everything else matches.
func patchApplied(ctx context.Context, api *apiclient.Attachments, id string, body apiclient.AttachmentUpdate) (bool, error) {
	a, err := api.Get(ctx, id)
	if err != nil {
		return false, err
	}
	if apiclient.IsPending(a.State) {
		return true, nil
	}
	if (body.Name != "" && a.Name != body.Name) || (body.VPCIDs != nil && !sameSet(a.VPCIDs, body.VPCIDs)) {
		return false, nil
	}
	if body.BGP == nil {
		return true, nil
	}
	b := a.BGP
	if b.LocalRouterIP != body.BGP.LocalRouterIP || b.PeerRouterIP != body.BGP.PeerRouterIP || int64(b.PeerASN) != body.BGP.PeerRouterASN {
		return false, nil
	}
	key, err := api.BGPAuthKey(ctx, id)
	if err != nil {
		return false, err
	}
	return key == body.BGP.AuthKey, nil
}
