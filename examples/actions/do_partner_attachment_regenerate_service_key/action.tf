# Issues a new service key for an attachment and waits until it is readable
# Run it on demand with
#   terraform apply -invoke=action.do_partner_attachment_regenerate_service_key.rotate
terraform {
  # actions need Terraform 1.14 or later
  required_version = ">= 1.14"

  required_providers {
    do = {
      source  = "pnc-tf/do"
      version = "~> 0.1"
    }
  }
}

action "do_partner_attachment_regenerate_service_key" "rotate" {
  config {
    attachment_id = "5a4981aa-9653-4bd1-bef5-d6bff52042e4"
  }
}

# ...or tie it to a change: here, every new value of var.rotation regenerates
# the key.
variable "rotation" {
  description = "Change this value to rotate the service key."
  type        = string
  default     = "2025-01"
}

resource "terraform_data" "service_key_rotation" {
  input = var.rotation

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.do_partner_attachment_regenerate_service_key.rotate]
    }
  }
}
