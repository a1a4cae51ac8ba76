# Finds the Megaport attachments in nyc whose names start with "prod-"
# (Terraform 1.14 and later). Run `terraform query` to list them, or
# `terraform query -generate-config-out=generated.tf` to write a resource and
# an import block for each, ready to bring them under management.
list "do_partner_attachment" "prod" {
  provider = do

  # Fetch every attribute, which -generate-config-out needs.
  include_resource = true
  limit            = 50

  # Every filter is optional; those set must all match.
  config {
    region        = "nyc"
    naas_provider = "MEGAPORT"
    name_regex    = "^prod-"
  }
}
