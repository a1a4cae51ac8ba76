terraform {
  required_version = ">= 1.4.6"

  required_providers {
    do = {
      source  = "pnc-tf/do"
      version = "~> 0.1"
    }
  }
}

resource "do_partner_attachment" "example" {
  name                         = "example-megaport-link"
  connection_bandwidth_in_mbps = 1000
  region                       = "nyc"
  naas_provider                = "MEGAPORT"
  vpc_ids                      = ["c140286f-e6ce-4131-8b7b-df4590ce8d6a"]
}

# The service key the Megaport side (a VXC) needs. Reading waits until the key
# is issued, up to timeouts.read (default 10m). The id is known only once the
# attachment exists, so the key is read during apply, after it is ready.
data "do_partner_attachment_service_key" "example" {
  attachment_id = do_partner_attachment.example.id

  timeouts = {
    read = "15m"
  }
}

output "service_key" {
  value     = data.do_partner_attachment_service_key.example.value
  sensitive = true
}
