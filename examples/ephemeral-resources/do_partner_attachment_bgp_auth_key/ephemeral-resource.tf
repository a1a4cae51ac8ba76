# The BGP auth key of an attachment, read while Terraform runs and never
# written to the plan or the state: for the partner router's configuration,
# when the key is managed elsewhere.
terraform {
  # ephemeral resources need Terraform 1.10 or later
  required_version = ">= 1.10"

  required_providers {
    do = {
      source  = "pnc-tf/do"
      version = "~> 0.1"
    }
  }
}

ephemeral "do_partner_attachment_bgp_auth_key" "link" {
  attachment_id = "5a4981aa-9653-4bd1-bef5-d6bff52042e4"
}

resource "terraform_data" "partner_router" {
  provisioner "local-exec" {
    command = "configure-partner-router"
    environment = {
      BGP_AUTH_KEY = ephemeral.do_partner_attachment_bgp_auth_key.link.value
    }
  }
}
