# All attachments in nyc through Megaport that attach a given VPC, sorted by
# name. Every filter is optional; set ones must all match.
terraform {
  required_version = ">= 1.4.6"

  required_providers {
    do = {
      source  = "pnc-tf/do"
      version = "~> 0.1"
    }
  }
}

data "do_partner_attachments" "nyc" {
  region        = "nyc"
  naas_provider = "MEGAPORT"
  vpc_id        = "c140286f-e6ce-4131-8b7b-df4590ce8d6a"
  name_regex    = "^prod-"
}

output "attachment_ids" {
  value = data.do_partner_attachments.nyc.attachments[*].id
}

# Attachments not yet ready, in any region.
data "do_partner_attachments" "creating" {
  state = "CREATING"
}

output "creating" {
  value = { for a in data.do_partner_attachments.creating.attachments : a.name => a.id }
}
