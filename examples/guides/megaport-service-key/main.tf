# Hands the attachment's service key to the Megaport side without storing it
# anywhere in Terraform: the ephemeral resource reads the key while Terraform
# runs, and only a command's environment receives it. The command might put
# it in a secrets manager, or order the Megaport VXC through Megaport's API.

terraform {
  # Ephemeral resources need Terraform 1.10, auth_key_wo 1.11.
  required_version = ">= 1.11"

  required_providers {
    do = {
      source  = "pnc-tf/do"
      version = "~> 0.1"
    }
  }
}

provider "do" {}

resource "do_partner_attachment" "megaport" {
  name                         = var.name
  connection_bandwidth_in_mbps = 1000
  region                       = var.region
  naas_provider                = "MEGAPORT"
  vpc_ids                      = var.vpc_ids

  bgp = {
    local_router_ip     = "169.254.0.1/29"
    peer_router_ip      = "169.254.0.6/29"
    peer_router_asn     = var.megaport_asn
    auth_key_wo         = var.bgp_auth_key
    auth_key_wo_version = 1
  }
}

# Waits (up to timeouts.open) until DigitalOcean has issued the key. Never
# written to the plan or the state.
ephemeral "do_partner_attachment_service_key" "megaport" {
  attachment_id = do_partner_attachment.megaport.id

  timeouts = {
    open = "10m"
  }
}

# Runs the hand-off when the attachment is created or replaced, and again
# whenever handoff_generation changes (after the key is regenerated, say).
# Terraform hides the command's output because its environment holds a
# sensitive value.
resource "terraform_data" "handoff" {
  triggers_replace = [do_partner_attachment.megaport.id, var.handoff_generation]

  provisioner "local-exec" {
    command = var.handoff_command
    environment = {
      ATTACHMENT_ID = do_partner_attachment.megaport.id
      SERVICE_KEY   = ephemeral.do_partner_attachment_service_key.megaport.value
    }
  }
}
