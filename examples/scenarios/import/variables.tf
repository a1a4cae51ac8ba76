variable "attachment_id" {
  description = "ID of the existing attachment to adopt."
  type        = string
}

variable "name" {
  description = "The existing attachment's name."
  type        = string
}

variable "vpc_ids" {
  description = "IDs of the VPC networks the existing attachment connects."
  type        = set(string)
}

variable "bgp_auth_key" {
  description = "The existing attachment's BGP MD5 authentication key."
  type        = string
  sensitive   = true
}
