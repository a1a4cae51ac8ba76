package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

// dataSourceBase is what every data source shares: its type name (the
// provider's plus typeSuffix) and what Configure gets from the provider.
type dataSourceBase struct {
	typeSuffix string
	data       *providerData
}

func (d *dataSourceBase) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + d.typeSuffix
}

func (d *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// attachmentIDAttribute is the argument (pathAttachmentID) of the data
// sources that read one of an attachment's sub-resources.
func attachmentIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Required:    true,
		Description: "ID of the partner attachment.",
		Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

// addReadError reports a failed read of something the user named by id in
// the attribute at p: a 404 becomes an error on that attribute saying no such
// attachment exists; anything else shows the API's answer.
func addReadError(ctx context.Context, diags *diag.Diagnostics, p path.Path, id, what string, err error) {
	if apiclient.IsNotFound(err) {
		diags.AddAttributeError(p, "Partner attachment not found",
			fmt.Sprintf("%s: no partner attachment with id %q exists (the API answered 404). "+
				"Check the id, and that the API token belongs to the team that owns the attachment.", p, id))
		return
	}
	diags.AddError("Error reading "+what, apiclient.Describe(ctx, err))
}
