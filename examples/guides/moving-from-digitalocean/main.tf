# The configuration after moving an attachment from the official DigitalOcean
# provider's digitalocean_partner_attachment to do_partner_attachment. The
# resource block replaces the old one; the moved block tells Terraform that
# the attachment in the state is this one, so the next apply records the move
# and changes nothing in DigitalOcean.

terraform {
  # moved across resource types and providers needs Terraform 1.8 or later.
  required_version = ">= 1.8"

  required_providers {
    do = {
      source  = "pnc-tf/do"
      version = "~> 0.1"
    }
    # Keep digitalocean/digitalocean here while other resources use it. For
    # this move alone it need not be: terraform init also installs the
    # providers the state names.
  }
}

provider "do" {}

moved {
  from = digitalocean_partner_attachment.link
  to   = do_partner_attachment.link
}

# The settings the official provider's block had, written as this provider
# writes them: bgp is an attribute (bgp = { ... }), not a block.
resource "do_partner_attachment" "link" {
  name                         = var.name
  connection_bandwidth_in_mbps = 1000
  region                       = "nyc"
  naas_provider                = "MEGAPORT"
  vpc_ids                      = var.vpc_ids

  bgp = {
    local_router_ip = "169.254.0.1/29"
    peer_router_ip  = "169.254.0.6/29"
    peer_router_asn = 64532
    # No key here: the attachment keeps the one it has. The state keeps the
    # copy the official provider stored, until auth_key_wo replaces it.
  }
}
