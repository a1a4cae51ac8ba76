variable "name" {
  description = "The attachment's name, as in the official provider's configuration."
  type        = string
}

variable "vpc_ids" {
  description = "IDs of the VPC networks the attachment connects."
  type        = set(string)
}
