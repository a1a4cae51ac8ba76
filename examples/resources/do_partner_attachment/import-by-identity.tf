# Partner attachments can also be imported by their resource identity.
import {
  to = do_partner_attachment.example
  identity = {
    id = "5a4981aa-9653-4bd1-bef5-d6bff52042e4"
  }
}

terraform {
  # import by identity needs Terraform 1.12 or later
  required_version = ">= 1.12"
}
