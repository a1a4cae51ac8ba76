package provider

import (
	"context"
	"net/http"
	"net/url"

	"github.com/digitalocean/godo"
)

const attachmentsPath = "/v2/partner_network_connect/attachments"

// patchAttachment sends a PATCH that may include BGP settings. godo's
// PartnerAttachmentUpdateRequest has no BGP field (so the official provider
// silently drops BGP changes); going through godo's own NewRequest/Do keeps
// its auth, retries and error parsing.
func patchAttachment(ctx context.Context, c *godo.Client, id string, body updateRequest) (*godo.PartnerAttachment, error) {
	req, err := c.NewRequest(ctx, http.MethodPatch, attachmentsPath+"/"+url.PathEscape(id), body)
	if err != nil {
		return nil, err
	}
	var root struct {
		PartnerAttachment *godo.PartnerAttachment `json:"partner_attachment"`
	}
	if _, err := c.Do(ctx, req, &root); err != nil {
		return nil, err
	}
	return root.PartnerAttachment, nil
}
