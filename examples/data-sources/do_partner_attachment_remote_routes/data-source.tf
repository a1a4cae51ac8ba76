# The networks DigitalOcean has learned over the attachment's BGP session.
terraform {
  required_version = ">= 1.4.6"

  required_providers {
    do = {
      source  = "pnc-tf/do"
      version = "~> 0.1"
    }
  }
}

data "do_partner_attachment_remote_routes" "example" {
  attachment_id = "5a4981aa-9653-4bd1-bef5-d6bff52042e4"
}

output "remote_cidrs" {
  value = data.do_partner_attachment_remote_routes.example.cidrs
}
