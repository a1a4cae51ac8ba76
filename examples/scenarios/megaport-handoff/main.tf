# Hand-off to the Megaport side, ephemerally: the attachment's service key is
# read at apply time and passed to a command (which might store it in a
# secrets manager or call Megaport's API), and is never written to the plan or
# the state. Needs Terraform 1.10+ or OpenTofu 1.11+ for ephemeral resources.
#
# ../megaport-handoff-output does the same with the key in a sensitive output,
# for any Terraform version, at the price of storing it in the state.

terraform {
  required_version = ">= 1.10"

  required_providers {
    do = {
      source = "pnc-tf/do"
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
    local_router_ip = "169.254.0.1/29"
    peer_router_ip  = "169.254.0.6/29"
    peer_router_asn = var.megaport_asn
    auth_key        = var.bgp_auth_key
  }
}

# Waits until DigitalOcean has issued the key for the new attachment.
ephemeral "do_partner_attachment_service_key" "megaport" {
  attachment_id = do_partner_attachment.megaport.id
}

# Runs the hand-off once per attachment (again if it is replaced). The key
# reaches the command only through its environment; Terraform hides the
# command's output because it involves a secret.
resource "terraform_data" "handoff" {
  triggers_replace = [do_partner_attachment.megaport.id]

  provisioner "local-exec" {
    command = var.handoff_command
    environment = {
      ATTACHMENT_ID = do_partner_attachment.megaport.id
      SERVICE_KEY   = ephemeral.do_partner_attachment_service_key.megaport.value
    }
  }
}
