package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
)

var _ provider.ProviderWithActions = &doProvider{}

// Actions are one-off operations (Terraform 1.14+), invoked with
// `terraform apply -invoke` or from a resource's action_trigger.
func (p *doProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		NewRegenerateServiceKeyAction,
	}
}

var _ provider.ProviderWithEphemeralResources = &doProvider{}

// EphemeralResources read secrets without storing them (Terraform 1.10+).
func (p *doProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewBGPAuthKeyEphemeralResource,
		NewServiceKeyEphemeralResource,
	}
}

var _ provider.ProviderWithListResources = &doProvider{}

// ListResources find existing objects for `terraform query` (Terraform 1.14+).
func (p *doProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewPartnerAttachmentListResource,
	}
}
