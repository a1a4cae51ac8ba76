package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
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
