# The service key the Megaport side needs, read while Terraform runs and never
# written to the plan or the state. Opening
# it waits until DigitalOcean has issued the key.
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

ephemeral "do_partner_attachment_service_key" "megaport" {
  attachment_id = "5a4981aa-9653-4bd1-bef5-d6bff52042e4"

  timeouts = {
    open = "10m"
  }
}

# Ephemeral values can go to provisioners, provider configuration, write-only
# arguments and ephemeral outputs of child modules. Here a command hands the
# key over through its environment; Terraform hides the command's output.
resource "terraform_data" "handoff" {
  provisioner "local-exec" {
    command = "store-megaport-service-key"
    environment = {
      SERVICE_KEY = ephemeral.do_partner_attachment_service_key.megaport.value
    }
  }
}
