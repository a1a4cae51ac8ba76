# Partner attachments are imported by their ID.
import {
  to = do_partner_attachment.example
  id = "5a4981aa-9653-4bd1-bef5-d6bff52042e4"
}

terraform {
  # import blocks; the provider tests them on Terraform 1.6 and later
  required_version = ">= 1.6"
}
