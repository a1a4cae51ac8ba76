# Bringing an attachment that was created elsewhere (the control panel, the
# API, another Terraform configuration) under this configuration's management
# with an import block. `terraform plan` shows the import; `terraform apply`
# records it in the state without changing the attachment, as long as the
# resource block below matches it. Without a resource block,
# `terraform plan -generate-config-out=generated.tf` writes one.

terraform {
  # An import block's id may be an expression from Terraform 1.6 on.
  required_version = ">= 1.6"

  required_providers {
    do = {
      source  = "pnc-tf/do"
      version = "~> 0.1"
    }
  }
}

provider "do" {}

import {
  to = do_partner_attachment.adopted
  id = var.attachment_id
}

# Written to match the existing attachment, so the plan after the import
# shows no changes. Import reads the BGP auth key from the API as well.
resource "do_partner_attachment" "adopted" {
  name                         = var.name
  connection_bandwidth_in_mbps = 1000
  region                       = "nyc"
  naas_provider                = "MEGAPORT"
  vpc_ids                      = var.vpc_ids

  bgp = {
    local_router_ip = "169.254.0.1/29"
    peer_router_ip  = "169.254.0.6/29"
    peer_router_asn = 64532
    auth_key        = var.bgp_auth_key
  }
}
