package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/digitalocean/godo"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

// updateAttachment sends a PATCH so that a change is made once. A PATCH
// that took effect starts an operation (UPDATING) during which the API
// refuses further changes, so a blind retry of one whose answer was lost
// would fail. Instead the attachment is looked at before any retry, and
// after the last attempt: if it is updating or already shows the change,
// the PATCH took effect and updateAttachment returns nil.
func updateAttachment(ctx context.Context, client *godo.Client, id string, body updateRequest) error {
	check := func(ctx context.Context) (bool, error) { return patchApplied(ctx, client, id, body) }
	_, err := patchAttachment(apiclient.WithOutcomeCheck(ctx, check), client, id, body)
	if err == nil || !apiclient.OutcomeUnknown(err) {
		return err
	}
	applied, checkErr := check(ctx)
	switch {
	case checkErr != nil:
		return fmt.Errorf("%s\n\nWhether the change was made is unknown: reading the attachment failed too:\n%s",
			apiclient.Describe(err), apiclient.Describe(checkErr))
	case !applied:
		return err
	}
	return nil
}

// patchApplied reports whether attachment id is updating or already shows
// every change in body. The BGP auth key is only compared (fetched) when
// everything else matches.
func patchApplied(ctx context.Context, client *godo.Client, id string, body updateRequest) (bool, error) {
	a, _, err := client.PartnerAttachment.Get(ctx, id)
	if err != nil {
		return false, err
	}
	if strings.EqualFold(a.State, "UPDATING") {
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
	key, _, err := client.PartnerAttachment.GetBGPAuthKey(ctx, id)
	if err != nil {
		return false, err
	}
	return key.Value == body.BGP.AuthKey, nil
}
