package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	eschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// The attachment_id argument of the data sources, ephemeral resources and
// the action that read or act on one attachment's sub-resources. The same
// attribute is declared once per schema package, whose types differ.

// pathAttachmentID is where diagnostics about the argument point.
var pathAttachmentID = path.Root("attachment_id")

// attachmentIDAttribute is the argument (pathAttachmentID) of the data
// sources that read one of an attachment's sub-resources.
func attachmentIDAttribute() dschema.StringAttribute {
	return dschema.StringAttribute{
		Required:    true,
		Description: "ID of the partner attachment.",
		Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

// ephemeralAttachmentID is the input every ephemeral resource here takes.
func ephemeralAttachmentID() eschema.StringAttribute {
	return eschema.StringAttribute{
		Required:    true,
		Description: "ID of the partner attachment.",
		Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}
